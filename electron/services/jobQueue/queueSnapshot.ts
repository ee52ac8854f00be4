/** The queue's summary for "19/50 — current file" and its ETA; pure functions of the items. */
import type { QueueCounts, QueueItem, QueueItemState } from '../../../contract/domain.ts';

export function isActive(state: QueueItemState): boolean {
  return state === 'uploading' || state === 'processing';
}

export function countItems(items: readonly QueueItem[]): QueueCounts {
  const counts: QueueCounts = { total: items.length, queued: 0, active: 0, done: 0, failed: 0, cancelled: 0 };
  for (const item of items) {
    const state = item.state;
    if (state === 'uploading' || state === 'processing') counts.active++;
    else counts[state]++;
  }
  return counts;
}

/**
 * Seconds left: recent per-photo wall times (which already include waiting on a shared engine)
 * divided across the parallel slots. null until one photo has finished.
 */
export function estimateSeconds(
  counts: QueueCounts,
  recentMs: readonly number[],
  concurrency: number,
): number | null {
  const remaining = counts.queued + counts.active;
  if (remaining === 0) return 0;
  if (recentMs.length === 0) return null;
  const average = recentMs.reduce((a, b) => a + b, 0) / recentMs.length;
  const slots = Math.max(1, Math.min(concurrency, remaining));
  return Math.ceil((remaining * average) / slots / 1000);
}

/** The photo being worked on longest: the one a user is waiting for. */
export function currentName(items: readonly QueueItem[]): string | null {
  let current: QueueItem | null = null;
  for (const item of items) {
    if (!isActive(item.state)) continue;
    if (!current || (item.startedAt ?? 0) < (current.startedAt ?? 0)) current = item;
  }
  return current?.name ?? null;
}
