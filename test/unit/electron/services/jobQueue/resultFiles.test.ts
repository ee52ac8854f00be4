/** A photo's result files in the app's work folder: written without overwriting, removed only there, shown as data URLs. */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QueueItem } from '../../../../../contract/domain.ts';
import { DEFAULT_PROCESS_OPTIONS } from '../../../../../contract/processOptions.ts';
import {
  deleteResultFiles,
  itemDataUrl,
  writeResultFiles,
} from '../../../../../electron/services/jobQueue/resultFiles.ts';
import { fixturePath } from '../../../../support/fixtures.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fc-result-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const photo = {
  jobId: 'j',
  processingMs: 1,
  face: null,
  faceCount: 1,
  outputSize: { width: 1, height: 1 },
  transform: null,
  measurements: null,
  pngBackground: 'transparent' as const,
};

function item(result: QueueItem['result']): QueueItem {
  return {
    id: 'a',
    path: fixturePath('tiny-115px-glasses-goatee-man.png'),
    name: 'tiny-115px-glasses-goatee-man.png',
    sizeBytes: 1,
    state: 'done',
    error: null,
    attempts: 1,
    options: DEFAULT_PROCESS_OPTIONS,
    addedAt: 0,
    startedAt: 0,
    finishedAt: 0,
    result,
  };
}

describe('resultFiles', () => {
  it('names results after the original and never overwrites one already there', async () => {
    const bytes = { ...photo, png: new Uint8Array([1]), jpg: new Uint8Array([2]) };
    const first = await writeResultFiles(dir, 'holiday.jpeg', bytes);
    const second = await writeResultFiles(dir, 'holiday.jpeg', bytes);
    expect(path.basename(first.pngPath)).toBe('holiday.png');
    expect(path.basename(second.pngPath)).toBe('holiday (2).png');
    expect((await readdir(dir)).sort()).toEqual([
      'holiday (2).jpg',
      'holiday (2).png',
      'holiday.jpg',
      'holiday.png',
    ]);
  });

  it('removes result files only inside the work folder: a copy the user saved elsewhere stays', async () => {
    const elsewhere = await mkdtemp(path.join(tmpdir(), 'fc-saved-'));
    try {
      const saved = path.join(elsewhere, 'holiday.png');
      await writeFile(saved, 'mine');
      const inside = await writeResultFiles(dir, 'holiday.jpg', {
        ...photo,
        png: new Uint8Array([1]),
        jpg: new Uint8Array([2]),
      });
      await deleteResultFiles(dir, { ...photo, ...inside, face: null, device: 'cpu', savedTo: [] });
      await deleteResultFiles(dir, {
        ...photo,
        pngPath: saved,
        jpgPath: saved,
        face: null,
        device: 'cpu',
        savedTo: [],
      });
      expect(await readdir(dir)).toEqual([]);
      expect(await readdir(elsewhere)).toEqual(['holiday.png']);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('shows the original as a data URL of its real type, and says when there is no result yet', async () => {
    expect(await itemDataUrl(item(null), 'original')).toMatch(/^data:image\/png;base64,iVBOR/);
    await expect(itemDataUrl(item(null), 'result')).rejects.toThrow('has no result yet');
  });
});
