import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImageProgress } from '../../../../../contract/domain.ts';
import { ProgressReporter } from '../../../../../electron/services/docker/progressReporter.ts';

describe('image progress as the user sees it (fake clock)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a fast stream is thinned to one value per interval, the latest one wins, and the final value always arrives', () => {
    const seen: ImageProgress[] = [];
    const reporter = new ProgressReporter(
      { device: 'cpu', kind: 'pull', reference: 'r:cpu' },
      (p) => seen.push(p),
      100,
    );
    for (let i = 1; i <= 50; i++) {
      vi.setSystemTime(i);
      reporter.update({ phase: 'downloading', currentBytes: i * 10, totalBytes: 1000 });
    }
    expect(seen.map((p) => p.currentBytes)).toEqual([10]);
    vi.advanceTimersByTime(100);
    expect(seen.map((p) => p.currentBytes)).toEqual([10, 500]);
    reporter.finish('done');
    expect(seen.at(-1)).toMatchObject({ phase: 'done', currentBytes: 1000, etaSeconds: 0 });
  });

  it('estimates the time left from the rate so far, once the total is known', () => {
    const reporter = new ProgressReporter(
      { device: 'cpu', kind: 'pull', reference: 'r:cpu' },
      () => undefined,
      0,
    );
    reporter.update({ phase: 'downloading', currentBytes: 100, totalBytes: 1100, totalKnown: true });
    vi.setSystemTime(10_000);
    reporter.update({ phase: 'downloading', currentBytes: 600, totalBytes: 1100, totalKnown: true });
    // 500 bytes in 10 s → 50 B/s; 500 bytes left → 10 s.
    expect(reporter.progress.etaSeconds).toBe(10);
    reporter.update({ phase: 'downloading', currentBytes: 650, totalBytes: 2000, totalKnown: false });
    expect(reporter.progress.etaSeconds).toBeNull();
  });
});
