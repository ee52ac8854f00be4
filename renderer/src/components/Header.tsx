import type { EngineState } from '../../../contract/domain.ts';
import { type EngineActivity, workingEngines } from '../../../contract/engines.ts';
import { useEngineStore } from '../stores/useEngineStore.ts';
import { useQueueStore } from '../stores/useQueueStore.ts';
import { useUiStore } from '../stores/useUiStore.ts';
import { AppLogo } from './AppLogo.tsx';
import { DeviceSwitch } from './DeviceSwitch.tsx';

type Light = { label: string; tone: 'ok' | 'busy' | 'off' | 'bad' };

export function engineLight(engine: EngineState | null, working: boolean): Light {
  if (engine?.status === 'starting') return { label: 'Starting', tone: 'busy' };
  switch (engine?.status) {
    case 'ready':
      return working ? { label: 'Working', tone: 'busy' } : { label: 'Ready', tone: 'ok' };
    case 'stopping':
      return { label: 'Stopping', tone: 'busy' };
    case 'error':
      return { label: 'Error', tone: 'bad' };
    default:
      return { label: 'Stopped', tone: 'off' };
  }
}

function reportedDevice(engine: EngineState | null): string | null {
  const reported = engine?.reported;
  if (!reported) return null;
  if (reported.type === 'cuda') return `GPU${reported.name ? ` · ${reported.name}` : ''}`;
  return 'CPU';
}

/** One empty list, so a snapshot without engines does not re-render forever (a new [] each time). */
const NO_ENGINES: EngineActivity[] = [];

export function Header() {
  const engine = useEngineStore((s) => s.engine);
  const counts = useQueueStore((s) => s.snapshot.counts);
  const setLogsOpen = useUiStore((s) => s.setLogsOpen);
  const setEnginesOpen = useUiStore((s) => s.setEnginesOpen);
  const engines = useQueueStore((s) => s.snapshot.engines ?? NO_ENGINES);
  const light = engineLight(engine, counts.active + counts.queued > 0);
  const reported = reportedDevice(engine);
  // With engines on other computers the light is only this computer's: "Engine: Error" would read as
  // if nothing could take photos while a server is working through them.
  const subject = engines.some((e) => e.kind === 'url') ? 'This computer' : 'Engine';
  return (
    <header className="app-header">
      <div className="brand">
        <AppLogo />
        <span className="brand-name">Facecraft</span>
      </div>
      <div className="header-status">
        <span
          className={`pill pill-${light.tone}`}
          data-testid="engine-status"
          title={engine?.status === 'error' ? (engine.error?.message ?? undefined) : undefined}
        >
          <span className="status-dot" aria-hidden="true" />
          {subject}: {light.label}
        </span>
        {reported && (
          <span
            className="pill pill-plain"
            data-testid="engine-device"
            title="What the engine itself reports"
          >
            Running on {reported}
          </span>
        )}
        {engines.length > 1 && (
          <span
            className="pill pill-plain"
            data-testid="engines-working"
            title="Engines taking photos right now"
          >
            {workingEngines(engines)} of {engines.length} engines working
          </span>
        )}
        {engine?.fallback && (
          <span className="pill pill-warn" title={engine.fallback.reason}>
            Fell back to CPU: {engine.fallback.reason}
          </span>
        )}
      </div>
      <div className="header-actions">
        {engine?.device && engine.status !== 'stopped' && engine.status !== 'error' && <DeviceSwitch />}
        <button type="button" className="button-ghost" onClick={() => setEnginesOpen(true)}>
          Engines
        </button>
        <button type="button" className="button-ghost" onClick={() => setLogsOpen(true)}>
          Logs
        </button>
      </div>
    </header>
  );
}
