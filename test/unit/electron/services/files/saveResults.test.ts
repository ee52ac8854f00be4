import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveResults } from '../../../../../electron/services/files/saveResults.ts';
import { queueItem as item } from '../../../support/queueItem.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fc-queue-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('saving results', () => {
  it('writes the chosen formats named after the original, suffixing instead of overwriting', async () => {
    const work = path.join(dir, 'work');
    const out = path.join(dir, 'out');
    await mkdir(work, { recursive: true });
    await writeFile(path.join(work, 'r.png'), 'png-bytes');
    await writeFile(path.join(work, 'r.jpg'), 'jpg-bytes');
    const done = item('portrait', 'done', {
      result: {
        pngPath: path.join(work, 'r.png'),
        jpgPath: path.join(work, 'r.jpg'),
        face: null,
        faceCount: 1,
        outputSize: { width: 648, height: 648 },
        processingMs: 10,
        device: 'cpu',
        savedTo: [],
      },
    });
    const first = await saveResults([done, item('waiting', 'queued')], out, 'both');
    expect(first.saved[0]?.paths.map((p) => path.basename(p))).toEqual(['portrait.png', 'portrait.jpg']);
    expect(first.failed).toEqual([
      {
        id: 'waiting',
        error: { code: 'invalid-argument', message: 'waiting.jpg has no result to save yet.' },
      },
    ]);
    const second = await saveResults([done], out, 'png');
    expect(second.saved[0]?.paths.map((p) => path.basename(p))).toEqual(['portrait (2).png']);
    expect(await readFile(path.join(out, 'portrait (2).png'), 'utf8')).toBe('png-bytes');
  });
  it('says the folder is not writable instead of failing silently', async () => {
    const blocker = path.join(dir, 'a-file');
    await writeFile(blocker, 'x');
    const done = item('p', 'done', {
      result: {
        pngPath: blocker,
        jpgPath: blocker,
        face: null,
        faceCount: 1,
        outputSize: { width: 1, height: 1 },
        processingMs: 1,
        device: 'cpu',
        savedTo: [],
      },
    });
    const result = await saveResults([done], path.join(blocker, 'sub'), 'png');
    expect(result.failed[0]?.error.code).toBe('output-unwritable');
    expect(result.failed[0]?.error.message).toMatch(/is not a folder|may not write/);
  });
});
