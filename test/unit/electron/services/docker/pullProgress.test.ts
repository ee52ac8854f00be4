import { describe, expect, it } from 'vitest';
import { type PullEvent, PullProgressTracker } from '../../../../../electron/services/docker/index.ts';

function feed(events: PullEvent[]): { tracker: PullProgressTracker; errors: string[] } {
  const tracker = new PullProgressTracker();
  const errors: string[] = [];
  for (const event of events) {
    const error = tracker.add(event);
    if (error) errors.push(error);
  }
  return { tracker, errors };
}

describe('pull progress aggregation', () => {
  it('adds up per-layer download and extraction into one byte figure whose total is the compressed size', () => {
    const { tracker } = feed([
      { status: 'Pulling from facecraft/engine', id: 'cpu' },
      { status: 'Pulling fs layer', id: 'aaaaaaaaaaaa' },
      { status: 'Pulling fs layer', id: 'bbbbbbbbbbbb' },
      { status: 'Downloading', id: 'aaaaaaaaaaaa', progressDetail: { current: 500, total: 1000 } },
      { status: 'Downloading', id: 'bbbbbbbbbbbb', progressDetail: { current: 100, total: 3000 } },
    ]);
    expect(tracker.figure()).toMatchObject({ phase: 'downloading', totalBytes: 4000, currentBytes: 300 });
    expect(tracker.allSizesKnown()).toBe(true);
    tracker.add({ status: 'Download complete', id: 'aaaaaaaaaaaa' });
    tracker.add({ status: 'Extracting', id: 'aaaaaaaaaaaa', progressDetail: { current: 1000, total: 1000 } });
    tracker.add({ status: 'Pull complete', id: 'aaaaaaaaaaaa' });
    expect(tracker.figure()).toMatchObject({ phase: 'extracting', currentBytes: 1050 });
    tracker.add({ status: 'Download complete', id: 'bbbbbbbbbbbb' });
    tracker.add({ status: 'Pull complete', id: 'bbbbbbbbbbbb' });
    expect(tracker.figure()).toMatchObject({ totalBytes: 4000, currentBytes: 4000 });
  });

  it('"Already exists" layers leave the figure, and a retried download never moves the bar back', () => {
    const { tracker } = feed([
      { status: 'Already exists', id: 'cccccccccccc' },
      { status: 'Downloading', id: 'aaaaaaaaaaaa', progressDetail: { current: 800, total: 1000 } },
      { status: 'Downloading', id: 'aaaaaaaaaaaa', progressDetail: { current: 10, total: 1000 } },
    ]);
    expect(tracker.figure()).toMatchObject({ totalBytes: 1000, currentBytes: 400 });
  });

  it('an in-band error event is a failure even though the stream ends normally', () => {
    const { errors } = feed([
      { status: 'Downloading', id: 'aaaaaaaaaaaa', progressDetail: { current: 1, total: 10 } },
      {
        error: 'write /var/lib/docker/tmp/x: no space left on device',
        errorDetail: { message: 'write /var/lib/docker/tmp/x: no space left on device' },
      },
    ]);
    expect(errors).toEqual(['write /var/lib/docker/tmp/x: no space left on device']);
  });
});
