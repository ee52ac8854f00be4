/**
 * The job queue through its QueueEngine seam, with a fake engine (test/unit/support/fakeEngine.ts, a
 * double) so cancel, engine loss and recovery happen on cue. The real engine runs the same queue in
 * test/integration/electron/services/jobQueue/jobQueue.test.ts.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type QueueItemResult, type QueueSnapshot, THUMBNAIL_SIDE } from '../../../../../contract/domain.ts';
import { FacecraftError } from '../../../../../contract/errors.ts';
import { DEFAULT_PROCESS_OPTIONS } from '../../../../../contract/processOptions.ts';
import { JobQueue, QUEUE_FILE, WORK_DIR } from '../../../../../electron/services/jobQueue/jobQueue.ts';
import type { QueueEngine, ServingEngine } from '../../../../../electron/services/jobQueue/queueEngine.ts';
import { fixturePath } from '../../../../support/fixtures.ts';
import { FakeEngine } from '../../../support/fakeEngine.ts';
import { MEASURED, queueItem } from '../../../support/queueItem.ts';
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

/** A finished result as an older version saved it: files in the work folder, no thumbnail file. */
function doneResult(pngPath: string): QueueItemResult {
  return {
    pngPath,
    jpgPath: pngPath.replace(/\.png$/, '.jpg'),
    face: null,
    faceCount: 1,
    outputSize: { width: 648, height: 648 },
    processingMs: 1000,
    device: 'cpu',
    savedTo: [],
  };
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
    // The first result's files (and its thumbnail) were replaced, not left beside the new ones.
    const { jpgPath, pngPath, thumbnailPath } = s.items[0]!.result!;
    expect((await readdir(queue.workDir)).sort()).toEqual(
      [jpgPath, pngPath, thumbnailPath!].map((file) => path.basename(file)).sort(),
    );
  });

  it('remove takes the item and its result files away', async () => {
    await openQueue();
    const [added] = (await queue.add([photos[0]!])).added;
    await until((x) => x.counts.done === 1);
    expect(await readdir(queue.workDir)).toHaveLength(3);
    await queue.remove([added!.id]);
    expect(queue.snapshot().items).toEqual([]);
    expect(await readdir(queue.workDir)).toEqual([]);
  });

  it("keeps each result's thumbnail as a small WebP beside it, out of every snapshot, and gives it when asked", async () => {
    await openQueue();
    const [added] = (await queue.add([photos[0]!])).added;
    const s = await until((x) => x.counts.done === 1);
    const { thumbnailPath } = s.items[0]!.result!;
    expect(path.dirname(thumbnailPath!)).toBe(queue.workDir);
    const meta = await sharp(thumbnailPath!).metadata();
    expect(meta.format).toBe('webp');
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(THUMBNAIL_SIDE);
    // No picture travels in a snapshot: in a batch of a thousand that was megabytes ten times a second.
    expect(JSON.stringify(s)).not.toContain('data:');
    const url = await queue.imageDataUrl(added!.id, 'thumbnail');
    expect(url).toBe(`data:image/webp;base64,${(await readFile(thumbnailPath!)).toString('base64')}`);
  });

  it('a snapshot stays what it said: a later save shows in the next one, and nobody can change a result through it', async () => {
    await openQueue();
    const [added] = (await queue.add([photos[0]!])).added;
    const before = await until((x) => x.counts.done === 1);
    queue.markSaved(added!.id, ['/home/me/Portraits/dark-skin-man-frontal-beard.png']);
    const after = queue.snapshot();
    expect(before.items[0]!.result!.savedTo).toEqual([]);
    expect(after.items[0]!.result!.savedTo).toEqual(['/home/me/Portraits/dark-skin-man-frontal-beard.png']);
    expect(() => after.items[0]!.result!.savedTo.push('/elsewhere.png')).toThrow(TypeError);
    expect(queue.snapshot().items[0]!.result!.savedTo).toHaveLength(1);
  });

  it("drops an older version's inline thumbnail and landmarks from the queue file, and makes the thumbnail once when first asked", async () => {
    const work = path.join(dir, 'data', WORK_DIR);
    await mkdir(work, { recursive: true });
    const pngPath = path.join(work, 'old.png');
    await copyFile(fixturePath('png-alpha-transparent-surround-man.png'), pngPath);
    const legacy = queueItem('old', 'done', {
      finishedAt: 3,
      result: {
        ...doneResult(pngPath),
        thumbnail: 'data:image/webp;base64,AAAA',
        measurements: { ...MEASURED, landmarks: [{ x: 1, y: 2 }] },
      } as QueueItemResult,
    });
    await writeFile(path.join(dir, 'data', QUEUE_FILE), JSON.stringify({ version: 1, items: [legacy] }));
    await openQueue();
    expect(queue.snapshot().items[0]!.result).not.toHaveProperty('thumbnail');
    expect(queue.snapshot().items[0]!.result!.measurements).toEqual(MEASURED);
    // Asked twice at once (two views of the same card): one file.
    const [first, second] = await Promise.all([
      queue.imageDataUrl('old', 'thumbnail'),
      queue.imageDataUrl('old', 'thumbnail'),
    ]);
    expect(first).toMatch(/^data:image\/webp;base64,/);
    expect(second).toBe(first);
    expect((await readdir(work)).filter((f) => f.endsWith('.webp'))).toEqual(['old.thumb.webp']);
    const meta = await sharp(path.join(work, 'old.thumb.webp')).metadata();
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(THUMBNAIL_SIDE);
    await queue.dispose();
    const saved = await readFile(path.join(dir, 'data', QUEUE_FILE), 'utf8');
    expect(saved).not.toContain('data:');
    expect(JSON.parse(saved).items[0].result.thumbnailPath).toBe(path.join(work, 'old.thumb.webp'));
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
