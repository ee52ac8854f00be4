import { type FormEvent, useEffect, useRef, useState } from 'react';
import {
  type EngineActivity,
  MAX_ENGINE_CONCURRENCY,
  type UrlEngineReport,
} from '../../../contract/engines.ts';
import { formatDuration } from '../lib/format.ts';
import { useEngineStore } from '../stores/useEngineStore.ts';
import { useQueueStore } from '../stores/useQueueStore.ts';
import { useUiStore } from '../stores/useUiStore.ts';
import { useUrlEnginesStore } from '../stores/useUrlEnginesStore.ts';

const STATE_LABEL: Record<EngineActivity['state'], string> = {
  unknown: 'Not asked yet',
  ready: 'Ready',
  recovering: 'Coming back',
  down: 'Not taking photos',
};

function deviceText(device: EngineActivity['device'] | UrlEngineReport['device']['type']): string {
  if (device === 'cuda') return 'GPU';
  if (device === 'cpu') return 'CPU';
  return '—';
}

/** Photos a minute at its measured pace with every slot busy; null until it finished one. */
function throughput(activity: EngineActivity): string | null {
  if (activity.averageMs === null || activity.averageMs <= 0) return null;
  const perMinute = (activity.concurrency * 60_000) / activity.averageMs;
  return `≈ ${perMinute < 10 ? perMinute.toFixed(1) : Math.round(perMinute)} photos/min`;
}

function ActivityFacts({ activity }: { activity: EngineActivity | undefined }) {
  if (!activity) return <p className="muted small">Takes photos as soon as some are waiting.</p>;
  const pace = throughput(activity);
  return (
    <>
      <p>
        <span className={`pill ${activity.state === 'down' ? 'pill-warn' : 'pill-plain'}`}>
          {activity.inFlight > 0 ? `Working on ${activity.inFlight}` : STATE_LABEL[activity.state]}
        </span>{' '}
        {activity.device && `${deviceText(activity.device)} · `}up to {activity.concurrency} at once ·{' '}
        {activity.done} done
        {activity.averageMs !== null && ` · ${formatDuration(activity.averageMs)} a photo`}
        {pace && ` · ${pace}`}
      </p>
      {activity.error && (
        <p className="error-text" role="alert">
          {activity.error.message}
        </p>
      )}
    </>
  );
}

function TestReport({ report }: { report: UrlEngineReport }) {
  const kind =
    report.kind === 'facecraft'
      ? 'Facecraft Desktop engine'
      : report.kind === 'published'
        ? 'the published Facecraft image'
        : 'an engine of unknown kind';
  // One sentence per limit (face enhancement's two fields share theirs).
  const limits = [...new Set(Object.values(report.unavailableOptions))];
  return (
    <p data-testid="engine-test-report">
      Reachable, key accepted: {kind} {report.version}, on {deviceText(report.device.type)}
      {report.device.name ? ` (${report.device.name})` : ''}, {report.ready ? 'ready' : 'still loading'}
      {report.plainHttp
        ? '. Plain HTTP: allowed because the address is on this computer or a private network.'
        : '.'}
      {limits.length > 0 && (
        <span className="block muted small" data-testid="engine-test-limits">
          {limits.join(' ')}
        </span>
      )}
    </p>
  );
}

/** One empty list, so a snapshot without engines does not re-render forever (a new [] each time). */
const NO_ENGINES: EngineActivity[] = [];

/** Engines someone else runs (a GPU server, a Kubernetes service): add one after a test, remove one, see how each fares. */
export function EnginesDrawer() {
  const open = useUiStore((s) => s.enginesOpen);
  const setOpen = useUiStore((s) => s.setEnginesOpen);
  const setLocalSetupOpen = useUiStore((s) => s.setLocalSetupOpen);
  const engines = useUrlEnginesStore((s) => s.engines);
  const tested = useUrlEnginesStore((s) => s.tested);
  const busy = useUrlEnginesStore((s) => s.busy);
  const { test, add, remove, clearTest } = useUrlEnginesStore.getState();
  const { stopEngine } = useEngineStore.getState();
  const activity = useQueueStore((s) => s.snapshot.engines ?? NO_ENGINES);
  const localStatus = useEngineStore((s) => s.engine?.status);
  const [url, setUrl] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [concurrency, setConcurrency] = useState('');
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (open) closeRef.current?.focus();
  }, [open]);

  if (!open) return null;
  const local = activity.find((a) => a.kind === 'local');
  const wanted = concurrency.trim() === '' ? null : Number(concurrency);
  const onAdd = async (event: FormEvent) => {
    event.preventDefault();
    if (await add(url.trim(), apiKey, wanted)) {
      setUrl('');
      setApiKey('');
      setConcurrency('');
    }
  };
  return (
    <aside
      className="drawer"
      role="dialog"
      aria-label="Engines"
      onKeyDown={(e) => {
        if (e.key === 'Escape') setOpen(false);
      }}
    >
      <div className="drawer-header">
        <h2 className="card-title">Engines</h2>
        <button ref={closeRef} type="button" className="button-ghost" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
      <div className="drawer-body">
        <p className="muted small">
          Photos are spread over every engine that is ready, the faster ones first. Engines added here are run
          by someone else: the app never starts or stops them.
        </p>
        <section aria-label="This computer's engine" data-testid="engine-local">
          <h3>This computer</h3>
          <ActivityFacts activity={local} />
          {local?.state !== 'ready' && (
            <button
              type="button"
              className="button"
              onClick={() => {
                setLocalSetupOpen(true);
                setOpen(false);
              }}
            >
              Set up this computer’s engine…
            </button>
          )}
          {localStatus === 'ready' && (
            <>
              <button type="button" className="button-ghost" onClick={() => void stopEngine()}>
                Stop this computer’s engine
              </button>
              <p className="muted small">
                Frees its memory. Photos go to the other engines, or wait until you start it again.
              </p>
            </>
          )}
        </section>
        <ul className="engine-list" aria-label="Engines on other computers">
          {engines.map((engine) => (
            <li key={engine.url} data-testid="engine-row">
              <h3>{engine.url}</h3>
              <p className="muted small">
                {engine.hasKey ? 'With an API key' : 'Without an API key'}
                {engine.concurrency !== null && ` · set to ${engine.concurrency} at once`}
              </p>
              <ActivityFacts activity={activity.find((a) => a.id === engine.url)} />
              <button type="button" className="button-ghost" onClick={() => void remove(engine.url)}>
                Remove {engine.url}
              </button>
            </li>
          ))}
        </ul>
        <form className="engine-add" onSubmit={(event) => void onAdd(event)}>
          <h3>Add an engine</h3>
          <label className="field">
            <span className="field-label">Address</span>
            <input
              type="url"
              value={url}
              placeholder="https://engines.example.com"
              onChange={(e) => {
                setUrl(e.target.value);
                clearTest();
              }}
              required
            />
          </label>
          <label className="field">
            <span className="field-label">API key</span>
            <input
              type="password"
              autoComplete="off"
              value={apiKey}
              onChange={(e) => {
                setApiKey(e.target.value);
                clearTest();
              }}
            />
          </label>
          <label className="field">
            <span className="field-label">Photos at once (empty: what the engine takes)</span>
            <input
              type="number"
              min={1}
              max={MAX_ENGINE_CONCURRENCY}
              value={concurrency}
              onChange={(e) => setConcurrency(e.target.value)}
            />
          </label>
          <div className="field-row">
            <button
              type="button"
              className="button"
              disabled={busy || url.trim() === ''}
              onClick={() => void test(url.trim(), apiKey)}
            >
              Test
            </button>
            <button type="submit" className="button-primary" disabled={busy || url.trim() === ''}>
              Test and add
            </button>
          </div>
          {busy && <p className="muted small">Testing {url.trim()}…</p>}
          {tested?.report && <TestReport report={tested.report} />}
          {tested?.error && (
            <p className="error-text" role="alert" data-testid="engine-test-error">
              {tested.error}
            </p>
          )}
        </form>
      </div>
    </aside>
  );
}
