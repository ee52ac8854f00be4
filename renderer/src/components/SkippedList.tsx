import { useState } from 'react';
import { useQueueStore } from '../stores/useQueueStore.ts';

const fileName = (p: string) => p.split(/[\\/]/).pop() ?? p;

/** What the last drop could not use: one line (the first item and why), the rest on request. */
export function SkippedList() {
  const skipped = useQueueStore((s) => s.skipped);
  const dismiss = useQueueStore((s) => s.dismissSkipped);
  const [open, setOpen] = useState(false);
  const first = skipped[0];
  if (!first) return null;
  const title = skipped.length === 1 ? '1 item was skipped' : `${skipped.length} items were skipped`;
  return (
    <section className="notice-line skipped" aria-label={title}>
      <div className="notice-line-row">
        <strong>{title}</strong>
        <span className="notice-line-text ellipsis">
          <span className="mono" title={first.path}>
            {fileName(first.path)}
          </span>
          <span className="muted"> — {first.reason}</span>
        </span>
        {skipped.length > 1 && (
          <button type="button" className="button-ghost" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? 'Hide' : `Show all ${skipped.length}`}
          </button>
        )}
        <button type="button" className="button-ghost" onClick={dismiss}>
          Dismiss
        </button>
      </div>
      {open && (
        <ul className="skipped-list">
          {skipped.slice(1).map((item) => (
            <li key={item.path}>
              <span className="mono ellipsis" title={item.path}>
                {fileName(item.path)}
              </span>
              <span className="muted"> — {item.reason}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
