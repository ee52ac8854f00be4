/**
 * The results' thumbnails, each asked for once (queue.image(id, 'thumbnail')) and kept here, so queue
 * snapshots carry no pictures and the grid still shows every done result without a placeholder while
 * scrolling. A result is known by its file and when it was made: a re-run makes a new thumbnail.
 */
import { create } from 'zustand';
import type { QueueItem } from '../../../contract/domain.ts';
import { getBridge } from '../lib/bridge.ts';

// A few at a time: a large batch opened at once must not flood the bridge.
const MAX_IN_FLIGHT = 4;

interface ResultThumbnailsState {
  /** data: URLs by resultKey. */
  urls: Record<string, string>;
  /** Results whose thumbnail could not be had; the grid shrinks the PNG itself for them. */
  failed: Record<string, true>;
}

export const useResultThumbnails = create<ResultThumbnailsState>(() => ({ urls: {}, failed: {} }));

/** null: the item has no result to show. */
export function resultKey(item: QueueItem): string | null {
  return item.state === 'done' && item.result ? `${item.result.pngPath}|${item.finishedAt ?? 0}` : null;
}

const asked = new Set<string>();
const waiting: { key: string; id: string }[] = [];
let inFlight = 0;

function fetchNext(): void {
  while (inFlight < MAX_IN_FLIGHT && waiting.length > 0) {
    const { key, id } = waiting.shift()!;
    // Gone before its turn (removed, re-run): nobody would see it.
    if (!asked.has(key)) continue;
    inFlight += 1;
    getBridge()
      .queue.image(id, 'thumbnail')
      .then(
        (url) => {
          if (asked.has(key)) useResultThumbnails.setState((s) => ({ urls: { ...s.urls, [key]: url } }));
        },
        () => {
          if (asked.has(key)) useResultThumbnails.setState((s) => ({ failed: { ...s.failed, [key]: true } }));
        },
      )
      .finally(() => {
        inFlight -= 1;
        fetchNext();
      });
  }
}

/** Asks for the thumbnails of new done results and forgets those of results no longer in the queue. */
export function syncResultThumbnails(items: readonly QueueItem[]): void {
  const present = new Set<string>();
  for (const item of items) {
    const key = resultKey(item);
    if (!key) continue;
    present.add(key);
    if (asked.has(key)) continue;
    asked.add(key);
    waiting.push({ key, id: item.id });
  }
  const gone = [...asked].filter((key) => !present.has(key));
  if (gone.length > 0) {
    for (const key of gone) asked.delete(key);
    useResultThumbnails.setState((s) => ({ urls: without(s.urls, gone), failed: without(s.failed, gone) }));
  }
  fetchNext();
}

function without<T>(record: Record<string, T>, keys: readonly string[]): Record<string, T> {
  const copy = { ...record };
  for (const key of keys) delete copy[key];
  return copy;
}

/** Tests start from nothing. */
export function resetResultThumbnails(): void {
  asked.clear();
  waiting.length = 0;
  useResultThumbnails.setState({ urls: {}, failed: {} });
}
