import { useId } from 'react';
import type { DockerState } from '../../../contract/domain.ts';
import { useEngineStore } from '../stores/useEngineStore.ts';

const TITLES: Record<DockerState['state'], string> = {
  checking: 'Checking Docker…',
  'not-installed': 'Docker is not installed',
  'not-running': 'Docker is not running',
  'permission-denied': 'Docker needs permission',
  'unsupported-version': 'Docker is too old',
  ready: 'Docker is ready',
};

export function DockerStatusCard() {
  const docker = useEngineStore((s) => s.docker);
  const titleId = useId();
  const checking = useEngineStore((s) => s.checkingDocker);
  const retry = useEngineStore((s) => s.retryDocker);
  const kind = docker?.state ?? 'checking';
  const tone = kind === 'ready' ? 'ok' : kind === 'checking' ? 'busy' : 'bad';
  return (
    <section className={`card status-card status-${tone}`} aria-labelledby={titleId}>
      <span className="status-dot" aria-hidden="true" />
      <div className="status-body">
        <h2 id={titleId} className="card-title">
          {TITLES[kind]}
        </h2>
        <p className="status-message" data-testid="docker-message">
          {docker?.message ?? 'Looking for Docker on this computer…'}
        </p>
        {/* When ready, the sentence already names the endpoint. */}
        {docker?.endpoint && kind !== 'ready' && (
          <p className="muted small">
            {docker.endpoint}
            {docker.endpointSource ? ` · found via ${docker.endpointSource}` : ''}
          </p>
        )}
      </div>
      {kind !== 'ready' && (
        <button type="button" className="button" onClick={() => void retry()} disabled={checking}>
          {checking ? 'Checking…' : 'Retry'}
        </button>
      )}
    </section>
  );
}
