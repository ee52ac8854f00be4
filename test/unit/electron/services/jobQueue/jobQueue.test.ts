/**
 * The job queue through its QueueEngine seam, with a fake engine (test/unit/support/fakeEngine.ts, a
 * double) so cancel, engine loss and recovery happen on cue. The real engine runs the same queue in
 * test/integration/electron/services/jobQueue/jobQueue.test.ts.
 */
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueueSnapshot } from '../../../../../contract/domain.ts';
import { FacecraftError } from '../../../../../contract/errors.ts';
import { DEFAULT_PROCESS_OPTIONS } from '../../../../../contract/processOptions.ts';
import { JobQueue } from '../../../../../electron/services/jobQueue/jobQueue.ts';
import type { QueueEngine, ServingEngine } from '../../../../../electron/services/jobQueue/queueEngine.ts';
import { fixturePath } from '../../../../support/fixtures.ts';
import { FakeEngine } from '../../../support/fakeEngine.ts';
import { untilSnapshot } from '../../../support/untilSnapshot.ts';

/** The QueueEngine side of the double: serves one fake engine, and on recovery switches to the spare. */
class FakeQueueEngine implements QueueEngine {
  current: FakeEngine;
  readonly spare: FakeEngine;
  /** When set, no engine can be had (e.g. Docker stopped). */
  unavailable: FacecraftError | null = null;
  recoveries = 0;

  constructor(current: FakeEngine, spare: FakeEngine) {
    this.current = current;
    this.spare = spare;
  }

  async acquire(): Promise<ServingEngine> {
    if (this.unavailable) throw this.unavailable;
    return this.current.serving();
  }

  async recover(): Promise<ServingEngine> {
    this.recoveries++;
    this.current = this.spare;
    return this.current.serving();
  }
}

let dir: string;
let photos: string[];
let engine: FakeQueueEngine;
let queue: JobQueue;

async function openQueue(concurrency = 2): Promise<JobQueue> {
  queue = await JobQueue.open({
    dataDir: path.join(dir, 'data'),
    engine,
    defaultOptions: () => ({ ...DEFAULT_PROCESS_OPTIONS, width: 256, height: 256 }),
    concurrency,
    snapshotIntervalMs: 5,
    // The queue's own recovery, not the client's retries, is under test.
    client: { retries: 0 },
  });
  return queue;
}

function until(check: (s: QueueSnapshot) => boolean): Promise<QueueSnapshot> {
  return untilSnapshot(queue, check);
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fc-job-queue-'));
  photos = [];
  for (const name of [
    'dark-skin-man-frontal-beard.jpg',
    'elderly-man-wrinkled-face.jpg',
    'webp-smiling-woman-curly-hair.webp',
  ]) {
    const target = path.join(dir, name);
    await copyFile(fixturePath(name), target);
    photos.push(target);
  }
  engine = new FakeQueueEngine(await FakeEngine.start(), await FakeEngine.start());
});

afterEach(async () => {
  await queue?.dispose();
  await engine.current.stop().catch(() => undefined);
  await engine.spare.stop().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

describe('job queue (fake engine double)', () => {
  it('turns every photo into result files and skips a photo already waiting', async () => {
    await openQueue();
    engine.current.script.push('hang');
    const first = await queue.add(photos);
    const again = await queue.add([photos[0]!]);
    expect(first.added).toHaveLength(3);
    expect(again.added).toHaveLength(0);
    expect(again.skipped).toEqual([
      { path: photos[0], reason: 'This photo is already waiting in the queue.' },
    ]);
    await until((s) => s.counts.done === 2);
    queue.cancel();
    const final = await queue.idle();
    expect(final.counts).toMatchObject({ done: 2, cancelled: 1 });
    const results = await readdir(queue.workDir);
    expect(results.filter((f) => f.endsWith('.png'))).toHaveLength(2);
    expect(final.items.find((i) => i.state === 'done')?.result?.device).toBe('cpu');
  });

  it('cancel stops a photo in flight and the ones waiting; retry sends them again', async () => {
    await openQueue(1);
    engine.current.script.push('hang');
    await queue.add(photos.slice(0, 2));
    await vi.waitFor(() => expect(engine.current.hanging).toBe(1));
    queue.cancel();
    let s = await queue.idle();
    expect(s.items.map((i) => i.state)).toEqual(['cancelled', 'cancelled']);
    queue.retry();
    s = await until((x) => x.counts.done === 2);
    expect(s.items.every((i) => i.error === null)).toBe(true);
  });

  it('a photo without a face fails with the reason; retry after a fix succeeds', async () => {
    await openQueue();
    engine.current.script.push('no-face');
    await queue.add([photos[0]!]);
    let s = await until((x) => x.counts.failed === 1);
    expect(s.items[0]?.error).toMatchObject({ code: 'no-face' });
    queue.retry();
    s = await until((x) => x.counts.done === 1);
    expect(s.items[0]?.attempts).toBe(2);
  });

  it('rerun processes a finished photo again with other options and replaces its result files', async () => {
    await openQueue();
    const [added] = (await queue.add([photos[0]!])).added;
    await until((x) => x.counts.done === 1);
    await queue.rerun(added!.id, { ...DEFAULT_PROCESS_OPTIONS, width: 600, height: 600 });
    const s = await until((x) => x.counts.done === 1 && x.items[0]?.result?.outputSize.width === 600);
    expect(engine.current.widths).toEqual([256, 600]);
    // The first result's files were replaced, not left beside the new ones.
    expect((await readdir(queue.workDir)).sort()).toEqual(
      [path.basename(s.items[0]!.result!.jpgPath), path.basename(s.items[0]!.result!.pngPath)].sort(),
    );
  });

  it('remove takes the item and its result files away', async () => {
    await openQueue();
    const [added] = (await queue.add([photos[0]!])).added;
    await until((x) => x.counts.done === 1);
    expect(await readdir(queue.workDir)).toHaveLength(2);
    await queue.remove([added!.id]);
    expect(queue.snapshot().items).toEqual([]);
    expect(await readdir(queue.workDir)).toEqual([]);
  });

  it('without an engine, photos stay queued with the reason; they go on once the engine is back', async () => {
    await openQueue();
    engine.unavailable = new FacecraftError('docker-not-running', 'Docker is not running.');
    await queue.add(photos.slice(0, 2));
    let s = await queue.idle();
    expect(s.blocked).toEqual({ code: 'docker-not-running', message: 'Docker is not running.' });
    expect(s.counts.queued).toBe(2);
    engine.unavailable = null;
    queue.resume();
    s = await until((x) => x.counts.done === 2);
    expect(s.blocked).toBeNull();
  });

  it('when the engine dies mid-photo, one recovery brings a new engine and every photo in flight finishes there', async () => {
    await openQueue(2);
    engine.current.script.push('drop', 'drop');
    engine.current.dropsAtOnce = 2;
    const lost = engine.current;
    await queue.add(photos.slice(0, 2));
    const s = await until((x) => x.counts.done === 2);
    expect(engine.recoveries).toBe(1);
    expect(lost.widths).toHaveLength(2);
    expect(engine.spare.widths).toHaveLength(2);
    expect(s.items.map((i) => i.attempts)).toEqual([2, 2]);
  });
});
