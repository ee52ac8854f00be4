/** "19/50 — current file" and the time left, as the queue shows them. */
import { describe, expect, it } from 'vitest';
import type { QueueItem, QueueItemState } from '../../../../../contract/domain.ts';
import { DEFAULT_PROCESS_OPTIONS } from '../../../../../contract/processOptions.ts';
import {
  countItems,
  currentName,
  estimateSeconds,
} from '../../../../../electron/services/jobQueue/queueSnapshot.ts';

function item(name: string, state: QueueItemState, startedAt: number | null = null): QueueItem {
  return {
    id: name,
    path: `/photos/${name}`,
    name,
    sizeBytes: 1,
    state,
    error: null,
    attempts: 0,
    options: DEFAULT_PROCESS_OPTIONS,
    addedAt: 0,
    startedAt,
    finishedAt: null,
    result: null,
  };
}

describe('queueSnapshot', () => {
  const items = [
    item('a.jpg', 'done'),
    item('b.jpg', 'processing', 20),
    item('c.jpg', 'uploading', 10),
    item('d.jpg', 'queued'),
    item('e.jpg', 'failed'),
  ];

  it('counts uploading and processing photos as active', () => {
    expect(countItems(items)).toEqual({ total: 5, queued: 1, active: 2, done: 1, failed: 1, cancelled: 0 });
  });

  it('names the photo the user has waited on longest', () => {
    expect(currentName(items)).toBe('c.jpg');
    expect(currentName([item('x.jpg', 'done')])).toBeNull();
  });

  it('estimates the time left from recent photos across the parallel slots, unknown before the first', () => {
    const counts = countItems(items);
    // 3 photos left at 6 s each on 2 slots → 9 s.
    expect(estimateSeconds(counts, [6000, 6000], 2)).toBe(9);
    expect(estimateSeconds(counts, [], 2)).toBeNull();
    expect(estimateSeconds(countItems([item('a.jpg', 'done')]), [], 2)).toBe(0);
  });
});
