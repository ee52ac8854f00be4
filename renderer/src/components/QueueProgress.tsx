import { formatEta } from '../lib/format.ts';
import { selectProgress, useQueueStore } from '../stores/useQueueStore.ts';
import { ProgressBar } from './ProgressBar.tsx';

/** One slim strip: "19/50 — current file", the overall bar, ETA, and the batch actions. */
export function QueueProgress() {
  const snapshot = useQueueStore((s) => s.snapshot);
  const cancel = useQueueStore((s) => s.cancel);
  const clear = useQueueStore((s) => s.clear);
  const retry = useQueueStore((s) => s.retry);
  const { total, finished, fraction } = selectProgress(snapshot);
  if (total === 0) return null;
  const { active, queued, failed } = snapshot.counts;
  const running = active + queued > 0;
  const eta = running ? formatEta(snapshot.etaSeconds) : null;
  const headline = `${finished}/${total}${running && snapshot.currentName ? ` — ${snapshot.currentName}` : ''}`;
  return (
    <section className="queue-progress" aria-label="Batch progress">
      <p className="queue-headline" data-testid="queue-progress" aria-live="polite">
        <strong>{headline}</strong>
        {!running && (
          <span className="muted"> · {failed > 0 ? `finished, ${failed} failed` : 'all done'}</span>
        )}
      </p>
      <ProgressBar value={fraction} label={`${finished} of ${total} photos finished`} />
      {eta && <span className="muted small queue-eta">{eta}</span>}
      <div className="toolbar">
        {running && (
          <button type="button" className="button-ghost" onClick={() => void cancel()}>
            Cancel
          </button>
        )}
        {failed > 0 && (
          <button type="button" className="button-ghost" onClick={() => void retry()}>
            Retry failed ({failed})
          </button>
        )}
        <button type="button" className="button-ghost" onClick={() => void clear()}>
          Clear
        </button>
      </div>
      {snapshot.blocked && queued > 0 && (
        <p className="error-text queue-blocked" role="alert">
          {snapshot.blocked.message}
        </p>
      )}
    </section>
  );
}
