/** After an engine loss: one recovery for every photo that lost it, and waits a cancel cuts short. */
import { describe, expect, it } from 'vitest';
import { SharedRecovery, untilAborted } from '../../../../../electron/services/jobQueue/engineRecovery.ts';
import type { QueueEngine, ServingEngine } from '../../../../../electron/services/jobQueue/queueEngine.ts';

const serving = (url: string): ServingEngine => ({ connection: { url, apiKey: null }, deviceType: 'cpu' });

describe('engineRecovery', () => {
  it('photos that lost the same engine share one recovery; a later loss of the new engine gets its own', async () => {
    let recoveries = 0;
    const engine: QueueEngine = {
      acquire: async () => serving('http://a'),
      recover: async () => serving(`http://new-${++recoveries}`),
    };
    const shared = new SharedRecovery(engine);
    const signal = new AbortController().signal;
    const [one, two] = await Promise.all([
      shared.recover(serving('http://a'), signal),
      shared.recover(serving('http://a'), signal),
    ]);
    expect(one).toEqual(two);
    expect(recoveries).toBe(1);
    await shared.recover(one, signal);
    expect(recoveries).toBe(2);
  });

  it('a cancel does not wait for a slow engine start', async () => {
    const abort = new AbortController();
    const waiting = untilAborted(new Promise<never>(() => undefined), abort.signal);
    abort.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'cancelled' });
  });
});
