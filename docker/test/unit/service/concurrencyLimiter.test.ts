/** The bounded queue: at most N images at once, M waiting, the rest refused with 503 + Retry-After. */
import { describe, expect, it } from 'vitest';
import { ConcurrencyLimiter, QueueFullError } from '../../../src/service/concurrencyLimiter.ts';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('ConcurrencyLimiter', () => {
  it('runs at most maxConcurrent tasks, queues maxQueued, and refuses the next with Retry-After', async () => {
    const limiter = new ConcurrencyLimiter(2, 1);
    const gates = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, i) =>
      limiter.run(async () => {
        started.push(i);
        await gate.promise;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(limiter.queued).toBe(1);

    const refused = limiter.run(async () => 99, 7);
    await expect(refused).rejects.toBeInstanceOf(QueueFullError);
    await expect(refused).rejects.toMatchObject({ statusCode: 503, headers: { 'Retry-After': '7' } });

    gates[0]!.resolve();
    await runs[0];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    gates[1]!.resolve();
    gates[2]!.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
    expect(limiter.running).toBe(0);
  });

  it('frees the slot when a task fails', async () => {
    const limiter = new ConcurrencyLimiter(1, 0);
    await expect(limiter.run(async () => Promise.reject(new Error('bad photo')))).rejects.toThrow(
      'bad photo',
    );
    expect(await limiter.run(async () => 'next')).toBe('next');
  });
});
