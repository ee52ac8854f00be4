import type { DragEvent } from 'react';
import type { QueueItem } from '../../../contract/domain.ts';
import { getBridge } from '../lib/bridge.ts';
import { formatDuration } from '../lib/format.ts';
import { useQueueStore } from '../stores/useQueueStore.ts';
import { useUiStore } from '../stores/useUiStore.ts';
import { VerdictBadge } from './DocumentVerdict.tsx';
import { SaveBar } from './SaveBar.tsx';
import { Thumbnail } from './Thumbnail.tsx';

function ResultCard({ item }: { item: QueueItem }) {
  const selected = useUiStore((s) => s.selected.includes(item.id));
  const toggle = useUiStore((s) => s.toggleSelected);
  const openDetail = useUiStore((s) => s.openDetail);
  const retry = useQueueStore((s) => s.retry);

  if (item.state === 'failed') {
    return (
      <li className="result-card result-failed" data-testid="result-card">
        <div className="result-failed-body">
          <span className="badge badge-failed">Failed</span>
          <p className="result-name ellipsis" title={item.path}>
            {item.name}
          </p>
          <p className="small error-text">{item.error?.message ?? 'Unknown error'}</p>
        </div>
        <button type="button" className="button-ghost" onClick={() => void retry([item.id])}>
          Retry<span className="visually-hidden"> {item.name}</span>
        </button>
      </li>
    );
  }

  // Electron replaces the HTML drag with a native file drag (webContents.startDrag in main).
  const onDragStart = (event: DragEvent<HTMLButtonElement>) => {
    event.preventDefault();
    void getBridge().results.startDrag(item.id);
  };
  const version = item.finishedAt ?? 0;
  return (
    <li className={`result-card ${selected ? 'result-selected' : ''}`} data-testid="result-card">
      <button
        type="button"
        className="result-open"
        draggable
        onDragStart={onDragStart}
        onClick={() => openDetail(item.id)}
        aria-label={`Open ${item.name}`}
        title="Open the comparison, or drag the photo out of the window"
      >
        <Thumbnail id={item.id} kind="result" version={version} alt={`Result for ${item.name}`} />
      </button>
      <div className="result-meta">
        <label className="check">
          <input type="checkbox" checked={selected} onChange={() => toggle(item.id)} />
          <span className="visually-hidden">Select {item.name}</span>
        </label>
        <span className="result-name ellipsis" title={item.path}>
          {item.name}
        </span>
        {item.result && <span className="muted small">{formatDuration(item.result.processingMs)}</span>}
        <VerdictBadge item={item} />
      </div>
    </li>
  );
}

export function ResultsGrid() {
  const items = useQueueStore((s) => s.snapshot.items);
  const finished = items.filter((i) => i.state === 'done' || i.state === 'failed');
  const doneCount = finished.filter((i) => i.state === 'done').length;
  if (finished.length === 0) {
    return (
      <div className="empty-state">
        <p className="empty-title">No results yet</p>
        <p className="muted">Finished portraits appear here as soon as each photo is done.</p>
      </div>
    );
  }
  return (
    <div className="results">
      <SaveBar doneCount={doneCount} />
      <ul className="results-grid" aria-label="Results">
        {finished.map((item) => (
          <ResultCard key={item.id} item={item} />
        ))}
      </ul>
    </div>
  );
}
