/** A queue item for tests of what is done with items (saving, the queue file): `id.jpg` under /photos. */
import { DEFAULT_PROCESS_OPTIONS, type QueueItem } from '../../../contract/domain.ts';

export function queueItem(id: string, state: QueueItem['state'], extra: Partial<QueueItem> = {}): QueueItem {
  return {
    id,
    path: `/photos/${id}.jpg`,
    name: `${id}.jpg`,
    sizeBytes: 1000,
    state,
    error: null,
    attempts: 0,
    options: DEFAULT_PROCESS_OPTIONS,
    addedAt: 1,
    startedAt: state === 'processing' ? 2 : null,
    finishedAt: null,
    result: null,
    ...extra,
  };
}
