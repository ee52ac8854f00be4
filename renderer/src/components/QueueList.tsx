import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { QueueItem } from '../../../contract/domain.ts';
import { formatBytes } from '../lib/format.ts';
import { useQueueStore } from '../stores/useQueueStore.ts';
import { useUiStore } from '../stores/useUiStore.ts';
import { StateBadge } from './StateBadge.tsx';
import { Thumbnail } from './Thumbnail.tsx';

const ROW_HEIGHT = 68;

function QueueRow({ item }: { item: QueueItem }) {
  const retry = useQueueStore((s) => s.retry);
  const cancel = useQueueStore((s) => s.cancel);
  const remove = useQueueStore((s) => s.remove);
  const openDetail = useUiStore((s) => s.openDetail);
  const waiting = item.state === 'queued';
  const busy = item.state === 'uploading' || item.state === 'processing';
  return (
    <div className={`queue-row queue-row-${item.state}`} data-testid="queue-row">
      <Thumbnail id={item.id} kind="original" version={0} alt="" className="queue-thumb" />
      <div className="queue-row-main">
        <span className="queue-name ellipsis" title={item.path}>
          {item.name}
        </span>
        <span className={`small ellipsis ${item.error ? 'error-text' : 'muted'}`}>
          {item.error ? item.error.message : formatBytes(item.sizeBytes)}
        </span>
      </div>
      {busy && <span className="spinner" aria-hidden="true" />}
      <StateBadge state={item.state} />
      <div className="queue-row-actions">
        {item.state === 'done' && (
          <button type="button" className="button-ghost" onClick={() => openDetail(item.id)}>
            Compare<span className="visually-hidden"> {item.name}</span>
          </button>
        )}
        {(item.state === 'failed' || item.state === 'cancelled') && (
          <button type="button" className="button-ghost" onClick={() => void retry([item.id])}>
            Retry<span className="visually-hidden"> {item.name}</span>
          </button>
        )}
        {(waiting || busy) && (
          <button type="button" className="button-ghost" onClick={() => void cancel([item.id])}>
            Cancel<span className="visually-hidden"> {item.name}</span>
          </button>
        )}
        {!busy && (
          <button
            type="button"
            className="button-icon"
            aria-label={`Remove ${item.name}`}
            onClick={() => void remove([item.id])}
          >
            ×
          </button>
        )}
      </div>
    </div>
  );
}

/** Only the rows on screen exist in the DOM, so hundreds of photos scroll smoothly. */
export function QueueList() {
  const items = useQueueStore((s) => s.snapshot.items);
  const scrollRef = useRef<HTMLElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    getItemKey: (index) => items[index]?.id ?? index,
    // jsdom and the first paint have no layout yet; assume a window-sized viewport until measured.
    initialRect: { width: 800, height: 600 },
  });

  if (items.length === 0) {
    return (
      <div className="empty-state">
        <p className="empty-title">No photos yet</p>
        <p className="muted">Drop photos or a folder above, or choose them with the button.</p>
      </div>
    );
  }

  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: the list scrolls and must be reachable by keyboard
    <section ref={scrollRef} className="queue-scroll" tabIndex={0} aria-label="Photos in the queue">
      <div className="queue-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((row) => {
          const item = items[row.index];
          if (!item) return null;
          return (
            <div
              key={row.key}
              className="queue-row-slot"
              style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
            >
              <QueueRow item={item} />
            </div>
          );
        })}
      </div>
    </section>
  );
}
