import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadQueue, saveQueue } from '../../../../../electron/services/jobQueue/queueStore.ts';
import { queueItem as item } from '../../../support/queueItem.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fc-queue-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('queue file', () => {
  it('brings photos that were in flight back as queued, and keeps finished ones as they were', async () => {
    const file = path.join(dir, 'queue.json');
    await saveQueue(file, [
      item('a', 'done'),
      item('b', 'processing'),
      item('c', 'uploading'),
      item('d', 'failed'),
    ]);
    const loaded = await loadQueue(file);
    expect(loaded.map((i) => [i.id, i.state])).toEqual([
      ['a', 'done'],
      ['b', 'queued'],
      ['c', 'queued'],
      ['d', 'failed'],
    ]);
  });
  it('starts empty from a corrupt file and keeps it as .bak', async () => {
    const file = path.join(dir, 'queue.json');
    await writeFile(file, '{"items": [');
    expect(await loadQueue(file)).toEqual([]);
    expect(await readFile(`${file}.bak`, 'utf8')).toBe('{"items": [');
  });
});
