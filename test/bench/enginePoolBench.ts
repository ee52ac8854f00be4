/**
 * One queue over 1, 2 and 3 engines: photos per minute on this machine, and what the spreading costs
 * per photo. Three of our engine containers (the image built from docker/, as the tests use it) run
 * as URL engines; the fixture folder goes through the job queue and engine pool once per engine count.
 * The scheduling overhead is measured without any engine work: the pool's acquire + release alone,
 * and the whole queue against an engine double that answers at once (test/unit/support/fakeEngine.ts).
 * A measurement, not a test. Engines on one machine share its cores: expect little gain here.
 *
 *   npm run bench:engines -- [--engines 1,2,3] [--rounds 1] [--size 256] [--json]
 *   (run it under `flock /tmp/facecraft-docker.lock` where others share the daemon)
 */
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_PROCESS_OPTIONS } from '../../contract/processOptions.ts';
import { EnginePool, type PoolMember } from '../../electron/services/jobQueue/enginePool.ts';
import { JobQueue } from '../../electron/services/jobQueue/jobQueue.ts';
import { urlPoolMember } from '../../electron/services/jobQueue/poolMembers.ts';
import type { QueueEngine, ServingEngine } from '../../electron/services/jobQueue/queueEngine.ts';
import { ensureEngineImage, type RunningEngine, startEngineContainer } from '../support/engineImage.ts';
import { FIXTURES_DIR } from '../support/fixtures.ts';
import { FakeEngine } from '../unit/support/fakeEngine.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? (args[at + 1] ?? fallback) : fallback;
};
const engineCounts = option('engines', '1,2,3').split(',').map(Number);
const rounds = Number(option('rounds', '1'));
const side = Number(option('size', '256'));
const json = args.includes('--json');
const OPTIONS = { ...DEFAULT_PROCESS_OPTIONS, width: side, height: side, enhance: false };

async function runBatch(
  members: PoolMember[],
  photos: string[],
): Promise<{ ms: number; done: number; failed: number; perEngine: Record<string, number> }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fc-pool-bench-'));
  try {
    const queue = await JobQueue.open({
      dataDir,
      engine: new EnginePool(members),
      defaultOptions: () => OPTIONS,
      client: { retries: 0 },
    });
    const started = performance.now();
    await queue.add(photos);
    const final = await queue.idle();
    const ms = performance.now() - started;
    await queue.dispose();
    const perEngine: Record<string, number> = {};
    for (const engine of final.engines ?? []) perEngine[engine.label] = engine.done;
    return { ms, done: final.counts.done, failed: final.counts.failed, perEngine };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The pool alone: a slot handed out and given back, with three ready engines, many times. */
async function poolOverheadMicroseconds(): Promise<number> {
  const serving: ServingEngine = {
    connection: { url: 'http://127.0.0.1:9', apiKey: null },
    deviceType: 'cpu',
  };
  const ready: QueueEngine = { acquire: async () => serving, recover: async () => serving };
  const pool = new EnginePool(
    ['a', 'b', 'c'].map((id) => ({
      ref: { id, label: id },
      kind: 'url' as const,
      engine: ready,
      concurrency: () => 2,
      retryAfterMs: null,
    })),
  );
  // The engines come up in the background first.
  pool.release(await pool.acquire(), 'failed');
  const n = 20_000;
  const started = performance.now();
  for (let i = 0; i < n; i++) pool.release(await pool.acquire(), 'done');
  return ((performance.now() - started) * 1000) / n;
}

/** The whole queue (read, send, write result files, preview) against an engine double that answers at once. */
async function queueOverheadMs(photos: string[]): Promise<number> {
  const fakes = await Promise.all([FakeEngine.start(), FakeEngine.start(), FakeEngine.start()]);
  try {
    const members = fakes.map(
      (fake, i): PoolMember => ({
        ref: { id: `fake-${i}`, label: `fake-${i}` },
        kind: 'url',
        engine: { acquire: async () => fake.serving(), recover: async () => fake.serving() },
        concurrency: () => 2,
        retryAfterMs: null,
      }),
    );
    const batch = await runBatch(members, photos);
    return batch.ms / photos.length;
  } finally {
    await Promise.all(fakes.map((fake) => fake.stop()));
  }
}

const names = (await readdir(FIXTURES_DIR)).filter((f) => /\.(jpe?g|png|webp|bmp)$/i.test(f)).sort();
const workDir = await mkdtemp(path.join(os.tmpdir(), 'fc-pool-bench-photos-'));
const photos: string[] = [];
for (let round = 0; round < rounds; round++)
  for (const name of names) {
    // Copies, so a round never meets "already waiting in the queue".
    const target = path.join(workDir, `${round}-${name}`);
    await copyFile(path.join(FIXTURES_DIR, name), target);
    photos.push(target);
  }

const image = await ensureEngineImage();
const maxEngines = Math.max(...engineCounts);
const engines: RunningEngine[] = [];
try {
  for (let i = 0; i < maxEngines; i++)
    engines.push(await startEngineContainer({ image, labels: { 'facecraft.test': 'engine-pool-bench' } }));
  // One photo each first, so model warm-up is not counted.
  await runBatch(
    engines.map((e) => urlPoolMember({ url: e.url, apiKey: e.apiKey, concurrency: null })),
    photos.slice(0, engines.length),
  );

  const rows: {
    engines: number;
    photos: number;
    done: number;
    failed: number;
    seconds: number;
    photosPerMinute: number;
    perEngine: Record<string, number>;
  }[] = [];
  for (const count of engineCounts) {
    const members = engines
      .slice(0, count)
      .map((e) => urlPoolMember({ url: e.url, apiKey: e.apiKey, concurrency: null }));
    const batch = await runBatch(members, photos);
    rows.push({
      engines: count,
      photos: photos.length,
      done: batch.done,
      failed: batch.failed,
      seconds: Math.round(batch.ms / 100) / 10,
      photosPerMinute: Math.round((photos.length / (batch.ms / 60_000)) * 10) / 10,
      perEngine: batch.perEngine,
    });
  }
  const overhead = {
    poolAcquireReleaseMicroseconds: Math.round((await poolOverheadMicroseconds()) * 10) / 10,
    queuePerPhotoMsWithInstantEngines: Math.round((await queueOverheadMs(photos)) * 10) / 10,
  };
  const machine = {
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    size: side,
  };
  if (json) console.log(JSON.stringify({ machine, rows, overhead }, null, 2));
  else {
    console.log(
      `${machine.cores} cores, ${machine.memoryGiB} GiB; ${photos.length} photos at ${side} px (fixture folder, enhance off)`,
    );
    console.log('| engines | photos | done | failed | seconds | photos/min | photos per engine |');
    console.log('|---|---|---|---|---|---|---|');
    for (const r of rows)
      console.log(
        `| ${r.engines} | ${r.photos} | ${r.done} | ${r.failed} | ${r.seconds} | ${r.photosPerMinute} | ${Object.values(r.perEngine).join(' / ')} |`,
      );
    console.log(
      `Scheduling overhead: pool acquire + release ${overhead.poolAcquireReleaseMicroseconds} µs a photo; the whole queue against instant engines ${overhead.queuePerPhotoMsWithInstantEngines} ms a photo (read, upload, result files, preview).`,
    );
  }
} finally {
  await Promise.all(engines.map((e) => e.stop()));
  await rm(workDir, { recursive: true, force: true });
}
