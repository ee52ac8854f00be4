/** Waits until the job queue's snapshot passes a check (at once when it already does). */
import type { QueueSnapshot } from '../../../contract/domain.ts';
import type { JobQueue } from '../../../electron/services/jobQueue/jobQueue.ts';

export function untilSnapshot(queue: JobQueue, check: (s: QueueSnapshot) => boolean): Promise<QueueSnapshot> {
  return new Promise((resolve) => {
    const test = (): boolean => {
      const s = queue.snapshot();
      if (!check(s)) return false;
      off();
      resolve(s);
      return true;
    };
    const off = queue.onSnapshot(() => test());
    test();
  });
}
