/**
 * The job queue on the real engine, run by the real engine manager: the engine container is killed
 * mid-batch (every photo still ends done or failed with a reason), and the app quits mid-batch (the
 * next start resumes from queue.json). One engine for the whole file, plus the restart the kill causes.
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROCESS_OPTIONS, type QueueSnapshot } from '../../../../../contract/domain.ts';
import { createDockerServices, type DockerServices } from '../../../../../electron/services/docker/index.ts';
import { JobQueue, QUEUE_FILE } from '../../../../../electron/services/jobQueue/jobQueue.ts';
import { ManagedQueueEngine } from '../../../../../electron/services/jobQueue/managedEngine.ts';
import { defaultSettings } from '../../../../../electron/services/settings/defaultSettings.ts';
import { docker, ENGINE_CONTEXT_DIR, ensureEngineImage } from '../../../../support/engineImage.ts';
import { FIXTURES_DIR as FIXTURES } from '../../../../support/fixtures.ts';
import { pngSize } from '../../../support/pngSize.ts';

const fixture = (name: string): string => path.join(FIXTURES, name);

let services: DockerServices;
const dirs: string[] = [];
const newDataDir = async (): Promise<string> => {
  const dir = await mkdtemp(path.join(tmpdir(), 'fc-queue-'));
  dirs.push(dir);
  return dir;
};

/** Options that keep each photo quick on two shared cores; the client test covers the rest. */
const QUICK = { ...DEFAULT_PROCESS_OPTIONS, width: 256, height: 256, enhance: false };

beforeAll(async () => {
  await ensureEngineImage();
  services = createDockerServices({
    contextDir: ENGINE_CONTEXT_DIR,
    settings: () => ({ ...defaultSettings(), imageSource: 'build' }),
    // Its own instance: orphan cleanup of other tests sharing this daemon never touches these engines.
    engine: { sessionId: `launcher-app-queue-${process.pid}`, instance: 'launcher-app-queue-test' },
  });
  services.docker.watch();
  await services.engine.start('cpu');
});

afterAll(async () => {
  await services?.dispose({ keepRunning: false });
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function openQueue(dataDir: string): Promise<JobQueue> {
  return JobQueue.open({
    dataDir,
    engine: new ManagedQueueEngine(services.engine, () => 'cpu'),
    defaultOptions: () => QUICK,
    concurrency: 2,
    snapshotIntervalMs: 20,
  });
}

function waitFor(queue: JobQueue, test: (s: QueueSnapshot) => boolean): Promise<QueueSnapshot> {
  return new Promise((resolve) => {
    const off = queue.onSnapshot((s) => {
      if (test(s)) {
        off();
        resolve(s);
      }
    });
  });
}

describe('job queue (real engine)', { timeout: 900_000 }, () => {
  it('finishes every photo, done or failed with a reason, when the engine is killed mid-batch', async () => {
    const queue = await openQueue(await newDataDir());
    try {
      const photos = [
        'frontal-woman-astronaut-orange-suit.png',
        'dark-skin-man-frontal-beard.jpg',
        'elderly-man-wrinkled-face.jpg',
        'no-face-landscape-palm-beach.jpg',
        'grayscale-smiling-young-man.jpg',
      ].map(fixture);
      const busy = waitFor(queue, (s) => s.items.some((i) => i.state === 'processing'));
      const { added } = await queue.add(photos);
      expect(added).toHaveLength(5);
      await busy;
      const killed = services.engine.connection()?.containerId;
      expect(killed).toBeTruthy();
      await docker.getContainer(killed!).kill();

      const final = await queue.idle();
      expect(final.counts.total).toBe(5);
      expect(final.counts.queued + final.counts.active).toBe(0);
      for (const item of final.items) {
        expect(['done', 'failed']).toContain(item.state);
        if (item.state === 'failed') expect(item.error?.message).toBeTruthy();
        if (item.state !== 'done') continue;
        expect(pngSize(await readFile(item.result!.pngPath))).toEqual({ width: 256, height: 256 });
        // The result keeps what the app shows and judges by: the measurements without the 68
        // landmarks, and a thumbnail file beside the PNG.
        expect(item.result!.measurements?.head_height_ratio).toBeGreaterThan(0.5);
        expect(item.result!.measurements).not.toHaveProperty('landmarks');
        expect(item.result!.thumbnailPath).toMatch(/\.thumb\.webp$/);
      }
      // The photo without a face fails as a photo; an engine loss is not a reason it may give.
      const palm = final.items.find((i) => i.name.startsWith('no-face'));
      expect(palm?.error?.code).toBe('no-face');
      // At least one photo was in flight when the engine died and went through again.
      expect(final.items.some((i) => i.attempts === 2 && i.state === 'done')).toBe(true);
      // And the engine serving now is a new container.
      expect(services.engine.state.status).toBe('ready');
      expect(services.engine.connection()?.containerId).not.toBe(killed);
    } finally {
      await queue.dispose();
    }
  });

  it('loses nothing when the app quits mid-batch, and resumes on the next start', async () => {
    const dataDir = await newDataDir();
    const photos = [
      'east-asian-woman-three-quarter-view.jpg',
      'tilted-12deg-woman-hand-near-chin.jpg',
      'png-alpha-transparent-surround-man.png',
      'webp-smiling-woman-curly-hair.webp',
    ].map(fixture);
    const first = await openQueue(dataDir);
    const busy = waitFor(first, (s) => s.items.some((i) => i.state === 'processing'));
    await first.add(photos);
    await busy;
    await first.dispose();

    const saved = JSON.parse(await readFile(path.join(dataDir, QUEUE_FILE), 'utf8')) as {
      items: { state: string; path: string }[];
    };
    expect(saved.items.map((i) => i.path).sort()).toEqual([...photos].sort());
    expect(saved.items.filter((i) => i.state === 'queued').length).toBeGreaterThanOrEqual(1);

    const second = await openQueue(dataDir);
    try {
      const final = await second.idle();
      expect(final.counts.total).toBe(4);
      expect(final.counts.done).toBe(4);
      const results = await readdir(path.join(dataDir, 'work'));
      expect(results.filter((f) => f.endsWith('.png'))).toHaveLength(4);
      // The originals are only read, never written.
      for (const p of photos) expect((await stat(p)).isFile()).toBe(true);
    } finally {
      await second.dispose();
    }
  });
});
