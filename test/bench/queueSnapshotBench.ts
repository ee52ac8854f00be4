/**
 * What one queue snapshot costs the main process in a large batch: the real JobQueue's snapshot() of N
 * finished photos, cloned and serialised the way Electron's IPC sends it (the structured clone
 * algorithm, v8.serialize). Measured as the queue is now (results shared, not copied; thumbnails in
 * files, asked for once per result; no landmarks) and as versions before made it: every item
 * deep-copied with its 68 landmarks and its thumbnail inlined as a data: URL. A snapshot is sent up to
 * ten times a second. A measurement, not a test.
 *
 *   node test/bench/queueSnapshotBench.ts [--items 1000] [--runs 20] [--json]
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serialize } from 'node:v8';
import { DEFAULT_PROCESS_OPTIONS, type QueueItem, type QueueSnapshot } from '../../contract/domain.ts';
import { JobQueue, QUEUE_FILE } from '../../electron/services/jobQueue/jobQueue.ts';
import { resultThumbnail } from '../../electron/services/jobQueue/resultThumbnail.ts';
import { fixturePath } from '../support/fixtures.ts';
import { MEASURED } from '../unit/support/queueItem.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  args.includes(name) ? Number(args[args.indexOf(name) + 1]) || fallback : fallback;
const count = option('--items', 1000);
const runs = option('--runs', 20);
const json = args.includes('--json');

/** The 68 landmarks our engine returns with a portrait, which results kept before. */
const landmarks = Array.from({ length: 68 }, (_, i) => ({
  x: Math.round((180 + i * 3.7) * 100) / 100,
  y: Math.round((290 + ((i * 13.3) % 220)) * 100) / 100,
}));

/** A finished photo as the queue keeps it from our engine's answer. */
function doneItem(n: number, workDir: string): QueueItem {
  return {
    id: `item-${n}`,
    path: `/home/someone/Pictures/holiday/photo-${n}.jpg`,
    name: `photo-${n}.jpg`,
    sizeBytes: 2_400_000,
    state: 'done',
    error: null,
    attempts: 1,
    options: DEFAULT_PROCESS_OPTIONS,
    addedAt: 1_764_000_000_000 + n,
    startedAt: 1_764_000_001_000 + n,
    finishedAt: 1_764_000_002_000 + n,
    result: {
      pngPath: path.join(workDir, `photo-${n}.png`),
      jpgPath: path.join(workDir, `photo-${n}.jpg`),
      thumbnailPath: path.join(workDir, `photo-${n}.thumb.webp`),
      face: { x: 812, y: 604, width: 933, height: 933 },
      faceCount: 1,
      outputSize: { width: 648, height: 648 },
      processingMs: 1650,
      device: 'cpu',
      pngBackground: 'transparent',
      savedTo: [],
      transform: {
        source_size: { width: 2400, height: 3200 },
        source_to_output: [0.4123, -0.0312, 0.0312, 0.4123, -301.22, -212.87],
        rotation_deg: -4.16,
        rotation_center: { x: 1278.5, y: 1070.5 },
        scale: 0.4135,
        crop: { x: 730.2, y: 515.9, width: 1567.1, height: 1567.1 },
        padding: { top: 0, right: 0, bottom: 0, left: 0 },
      },
      measurements: MEASURED,
    },
  };
}

/** The snapshot made and then serialised as Electron's IPC sends it, median of the runs. */
function measure(snapshot: () => unknown) {
  const times: number[] = [];
  let ipcBytes = 0;
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    ipcBytes = serialize(snapshot()).length;
    times.push(performance.now() - start);
  }
  const sorted = times.sort((a, b) => a - b);
  return { ms: Math.round((sorted[Math.floor(sorted.length / 2)] ?? 0) * 10) / 10, ipcBytes };
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'fc-snapshot-bench-'));
try {
  const items = Array.from({ length: count }, (_, n) => doneItem(n, path.join(dataDir, 'work')));
  await writeFile(path.join(dataDir, QUEUE_FILE), JSON.stringify({ version: 1, items }));
  // Finished photos only: the queue never asks its engine for anything.
  const queue = await JobQueue.open({
    dataDir,
    engine: {
      acquire: () => Promise.reject(new Error('not used')),
      recover: () => Promise.reject(new Error('not used')),
    },
    defaultOptions: () => DEFAULT_PROCESS_OPTIONS,
  });
  const thumbnail = await resultThumbnail(
    await readFile(fixturePath('png-alpha-transparent-surround-man.png')),
  );
  const inline = `data:image/webp;base64,${thumbnail.toString('base64')}`;
  const now = measure(() => queue.snapshot());
  // Before: every item deep-copied for each snapshot, its landmarks and thumbnail inside.
  const old: QueueSnapshot = queue.snapshot();
  const oldItems = old.items.map((item) => ({
    ...item,
    result: { ...item.result, measurements: { ...item.result?.measurements, landmarks }, thumbnail: inline },
  }));
  const before = measure(() => ({ ...old, items: structuredClone(oldItems) }));
  await queue.dispose();
  const summary = {
    items: count,
    snapshot_ms: now.ms,
    snapshot_ipc_bytes: now.ipcBytes,
    before_snapshot_ms: before.ms,
    before_snapshot_ipc_bytes: before.ipcBytes,
    thumbnail_bytes: thumbnail.length,
  };
  if (json) console.log(JSON.stringify(summary));
  else
    console.log(
      `${count} finished photos: a snapshot costs ${now.ms} ms and ${(now.ipcBytes / 1e6).toFixed(2)} MB over IPC; ` +
        `as before (every item copied, with its landmarks and its ${(thumbnail.length / 1024).toFixed(1)} KB thumbnail), ${before.ms} ms and ` +
        `${(before.ipcBytes / 1e6).toFixed(2)} MB (a snapshot is sent up to 10 times a second)`,
    );
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
