import { useId } from 'react';
import { useQueueStore } from '../stores/useQueueStore.ts';

export function SkippedList() {
  const skipped = useQueueStore((s) => s.skipped);
  const titleId = useId();
  const dismiss = useQueueStore((s) => s.dismissSkipped);
  if (skipped.length === 0) return null;
  return (
    <section className="card skipped" aria-labelledby={titleId}>
      <div className="row-between">
        <h2 id={titleId} className="card-title">
          {skipped.length === 1 ? '1 item was skipped' : `${skipped.length} items were skipped`}
        </h2>
        <button type="button" className="button-ghost" onClick={dismiss}>
          Dismiss
        </button>
      </div>
      <ul className="skipped-list">
        {skipped.map((item) => (
          <li key={item.path}>
            <span className="mono ellipsis" title={item.path}>
              {item.path.split(/[\\/]/).pop()}
            </span>
            <span className="muted"> — {item.reason}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
