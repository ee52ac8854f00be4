import { create } from 'zustand';
import type { ProcessOptions, QueueSnapshot, SkippedPath } from '../../../contract/domain.ts';
import { getBridge } from '../lib/bridge.ts';
import { errorMessage } from '../lib/format.ts';
import { syncResultThumbnails } from '../thumbnails/resultThumbnails.ts';
import { useUiStore } from './useUiStore.ts';

const EMPTY: QueueSnapshot = {
  items: [],
  counts: { total: 0, queued: 0, active: 0, done: 0, failed: 0, cancelled: 0 },
  etaSeconds: null,
  currentName: null,
};

interface QueueState {
  snapshot: QueueSnapshot;
  /** What the last drop or pick could not use, with the reason. */
  skipped: SkippedPath[];
  receive(snapshot: QueueSnapshot): void;
  add(paths: string[]): Promise<void>;
  dismissSkipped(): void;
  cancel(ids?: string[]): Promise<void>;
  clear(): Promise<void>;
  retry(ids?: string[]): Promise<void>;
  rerun(id: string, options: ProcessOptions): Promise<void>;
  remove(ids: string[]): Promise<void>;
}

async function call(what: string, action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    useUiStore.getState().notify(`Could not ${what}: ${errorMessage(error)}`, 'error');
  }
}

export const useQueueStore = create<QueueState>((set, get) => ({
  snapshot: EMPTY,
  skipped: [],
  receive: (snapshot) => {
    set({ snapshot });
    syncResultThumbnails(snapshot.items);
  },
  add: async (paths) => {
    if (paths.length === 0) return;
    await call('add the photos', async () => {
      const result = await getBridge().queue.add(paths);
      set({ skipped: result.skipped });
      if (result.added.length > 0) {
        useUiStore.getState().setTab('queue');
        get().receive(await getBridge().queue.snapshot());
      }
    });
  },
  dismissSkipped: () => set({ skipped: [] }),
  cancel: (ids) => call('cancel', () => getBridge().queue.cancel(ids)),
  clear: async () => {
    await call('clear the queue', () => getBridge().queue.clear());
    useUiStore.getState().setSelected([]);
  },
  retry: (ids) => call('retry', () => getBridge().queue.retry(ids)),
  rerun: (id, options) => call('run the photo again', () => getBridge().queue.rerun(id, options)),
  remove: (ids) => call('remove', () => getBridge().queue.remove(ids)),
}));

export const selectProgress = (snapshot: QueueSnapshot) => {
  const { total, done, failed, cancelled } = snapshot.counts;
  const finished = done + failed + cancelled;
  return { total, finished, fraction: total === 0 ? 0 : finished / total };
};
