import { useEffect, useRef } from 'react';
import { useEngineStore } from '../stores/useEngineStore.ts';
import { useUiStore } from '../stores/useUiStore.ts';

/** The engine's own words, for when something goes wrong (or for the curious). */
export function LogsDrawer() {
  const open = useUiStore((s) => s.logsOpen);
  const setOpen = useUiStore((s) => s.setLogsOpen);
  const logs = useEngineStore((s) => s.logs);
  const loadLogs = useEngineStore((s) => s.loadLogs);
  const endRef = useRef<HTMLDivElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    void loadLogs();
    closeRef.current?.focus();
  }, [open, loadLogs]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the newest line whenever lines arrive
  useEffect(() => {
    if (open) endRef.current?.scrollIntoView?.({ block: 'end' });
  }, [open, logs]);

  if (!open) return null;
  return (
    <aside
      className="drawer"
      role="dialog"
      aria-label="Engine logs"
      onKeyDown={(e) => {
        if (e.key === 'Escape') setOpen(false);
      }}
    >
      <div className="drawer-header">
        <h2 className="card-title">Engine logs</h2>
        <button ref={closeRef} type="button" className="button-ghost" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the log must be scrollable by keyboard */}
      <pre className="drawer-log" tabIndex={0}>
        {logs.length === 0 ? 'No log lines yet.' : logs.join('\n')}
        <div ref={endRef} />
      </pre>
    </aside>
  );
}
