/** Progress and queue snapshots: fewer updates, never the last one lost (fake clock). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttle } from '../../../../electron/services/throttle.ts';

describe('throttle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls at once, then at most once per interval, always with a trailing call', () => {
    const calls: number[] = [];
    const update = throttle(() => calls.push(Date.now()), 100);
    update();
    update();
    update();
    expect(calls).toEqual([1_000_000]);
    vi.advanceTimersByTime(100);
    expect(calls).toEqual([1_000_000, 1_000_100]);
  });

  it('flush runs a pending call now; cancel drops it', () => {
    let count = 0;
    const update = throttle(() => count++, 100);
    update();
    update();
    update.flush();
    expect(count).toBe(2);
    update();
    update.cancel();
    vi.advanceTimersByTime(500);
    expect(count).toBe(2);
  });
});
