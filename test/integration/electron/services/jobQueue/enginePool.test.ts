/**
 * One queue over three real engines on this daemon: two engine containers started here as URL
 * engines (each with its own key, reached over plain HTTP on 127.0.0.1) plus the local engine run by
 * the real engine manager. The fixture folder spreads over all three; one URL engine is killed
 * mid-batch (its photos finish on the others, none lost, none made twice); a wrong key marks that
 * engine with the sentence while the rest carry on. One set of containers for the whole file (two cores).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROCESS_OPTIONS, type QueueSnapshot } from '../../../../../contract/domain.ts';
import { LOCAL_ENGINE_ID } from '../../../../../contract/engines.ts';
import { createDockerServices, type DockerServices } from '../../../../../electron/services/docker/index.ts';
import { EnginePool } from '../../../../../electron/services/jobQueue/enginePool.ts';
import { JobQueue } from '../../../../../electron/services/jobQueue/jobQueue.ts';
import { ManagedQueueEngine } from '../../../../../electron/services/jobQueue/managedEngine.ts';
import { localPoolMember, urlPoolMember } from '../../../../../electron/services/jobQueue/poolMembers.ts';
import { defaultSettings } from '../../../../../electron/services/settings/defaultSettings.ts';
import {
  docker,
  ENGINE_CONTEXT_DIR,
  ensureEngineImage,
  type RunningEngine,
  startEngineContainer,
} from '../../../../support/engineImage.ts';
import { FIXTURES_DIR } from '../../../../support/fixtures.ts';
import { pngSize } from '../../../support/pngSize.ts';

/** Quick on two shared cores; the engine's own tests cover the other options. */
const QUICK = { ...DEFAULT_PROCESS_OPTIONS, width: 256, height: 256, enhance: false };

let services: DockerServices;
let first: RunningEngine;
let second: RunningEngine;
const dirs: string[] = [];

async function openQueue(pool: EnginePool): Promise<JobQueue> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'fc-engine-pool-'));
  dirs.push(dataDir);
  return JobQueue.open({ dataDir, engine: pool, defaultOptions: () => QUICK, snapshotIntervalMs: 20 });
}

function local() {
  return localPoolMember(new ManagedQueueEngine(services.engine, () => 'cpu'), () => 2);
}

function waitFor(queue: JobQueue, test: (s: QueueSnapshot) => boolean): Promise<QueueSnapshot> {
  return new Promise((resolve) => {
    const check = (s: QueueSnapshot): boolean => {
      if (!test(s)) return false;
      off();
      resolve(s);
      return true;
    };
    const off = queue.onSnapshot(check);
    check(queue.snapshot());
  });
}

beforeAll(async () => {
  const image = await ensureEngineImage();
  const labels = { 'facecraft.test': 'engine-pool' };
  // Different keys, as two servers run by different people would have.
  [first, second] = await Promise.all([
    startEngineContainer({ image, labels, apiKey: 'first-engine-key' }),
    startEngineContainer({ image, labels, apiKey: 'second-engine-key' }),
  ]);
  services = createDockerServices({
    contextDir: ENGINE_CONTEXT_DIR,
    settings: () => ({ ...defaultSettings(), imageSource: 'build' }),
    // Its own instance: orphan cleanup of other tests sharing this daemon never touches this engine.
    engine: { sessionId: `engine-pool-${process.pid}`, instance: 'engine-pool-test' },
  });
  services.docker.watch();
  await services.engine.start('cpu');
});

afterAll(async () => {
  await Promise.all([first?.stop(), second?.stop(), services?.dispose({ keepRunning: false })]);
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('engine pool (real engines)', { timeout: 900_000 }, () => {
  it('spreads the fixture folder over three engines; one killed mid-batch loses no photo and makes none twice', async () => {
    const pool = new EnginePool([
      local(),
      urlPoolMember({ url: first.url, apiKey: first.apiKey, concurrency: null }),
      urlPoolMember({ url: second.url, apiKey: second.apiKey, concurrency: null }),
    ]);
    const queue = await openQueue(pool);
    try {
      const onSecond = waitFor(queue, (s) =>
        Boolean(s.engines?.some((e) => e.id === second.url && e.inFlight > 0 && e.done > 0)),
      );
      const { added } = await queue.add([FIXTURES_DIR]);
      expect(added.length).toBeGreaterThanOrEqual(10);
      await onSecond;
      // The photos it holds right now are the ones that must move.
      await docker.getContainer(second.containerId).kill();

      const final = await queue.idle();
      expect(final.counts.total).toBe(added.length);
      expect(final.counts.queued + final.counts.active + final.counts.cancelled).toBe(0);
      for (const item of final.items) {
        expect(['done', 'failed']).toContain(item.state);
        if (item.state === 'failed') {
          expect(item.error?.message).toBeTruthy();
          // An engine loss is never a photo's failure: the photo moved instead.
          expect(item.error?.code).not.toBe('engine-unreachable');
        }
        if (item.state === 'done')
          expect(pngSize(await readFile(item.result!.pngPath))).toEqual({ width: 256, height: 256 });
      }
      const palm = final.items.find((i) => i.name.startsWith('no-face'));
      expect(palm?.error?.code).toBe('no-face');

      // Each engine did at least one photo, and says so in the results.
      const madeBy = final.items.flatMap((i) => (i.result?.engine ? [i.result.engine.id] : []));
      expect(new Set(madeBy)).toEqual(new Set([LOCAL_ENGINE_ID, first.url, second.url]));
      // Moved photos (a second attempt) finished on another engine than the killed one, as they would have
      // on it: done, or the landscape failed as a photo (no face) when it was among them.
      const moved = final.items.filter((i) => i.attempts === 2);
      expect(moved.length).toBeGreaterThanOrEqual(1);
      for (const item of moved) {
        expect(item.state, `${item.name}: ${item.error?.message ?? ''}`).toBe(
          item === palm ? 'failed' : 'done',
        );
        expect(item.result?.engine?.id).not.toBe(second.url);
      }
      // None twice: one result file pair per finished photo, and no photo ran more than its one move.
      const pngs = (await readdir(path.join(dirs.at(-1)!, 'work'))).filter((f) => f.endsWith('.png'));
      expect(pngs).toHaveLength(final.counts.done);
      expect(Math.max(...final.items.map((i) => i.attempts))).toBe(2);

      const killed = final.engines?.find((e) => e.id === second.url);
      expect(killed).toMatchObject({ state: 'down', error: { code: 'engine-unreachable' } });
      expect(killed?.error?.message).toContain(second.url);
    } finally {
      await queue.dispose();
    }
  });

  it('a wrong key marks that engine with the sentence; the others carry on', async () => {
    const pool = new EnginePool([
      local(),
      urlPoolMember({ url: first.url, apiKey: 'not-the-key', concurrency: null }),
    ]);
    const queue = await openQueue(pool);
    try {
      await queue.add(
        ['dark-skin-man-frontal-beard.jpg', 'elderly-man-wrinkled-face.jpg'].map((n) =>
          path.join(FIXTURES_DIR, n),
        ),
      );
      const final = await waitFor(queue, (s) => s.counts.done === 2);
      expect(final.blocked).toBeNull();
      expect(final.items.map((i) => i.result?.engine?.id)).toEqual([LOCAL_ENGINE_ID, LOCAL_ENGINE_ID]);
      expect(final.engines?.find((e) => e.id === first.url)).toMatchObject({
        state: 'down',
        error: {
          code: 'engine-key-refused',
          message: `The engine at ${first.url} refused the API key (HTTP 401). Ask whoever runs it for the current key.`,
        },
      });
    } finally {
      await queue.dispose();
    }
  });
});
