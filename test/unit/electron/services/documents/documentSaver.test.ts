import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findDocument } from '../../../../../contract/documentGeometry.ts';
import { documentOptions } from '../../../../../contract/documentProcessFields.ts';
import type { QueueItem } from '../../../../../contract/domain.ts';
import { DEFAULT_PROCESS_OPTIONS } from '../../../../../contract/processOptions.ts';
import type { PortraitMeasurements } from '../../../../../docker/api/portraitGeometry.ts';
import { documentSaver } from '../../../../../electron/services/documents/documentSaver.ts';
import { saveResults } from '../../../../../electron/services/files/saveResults.ts';
import { jpegDpi, pngDpi, portraitAt } from '../../../../support/documentPhotoFiles.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'facecraft-docsave-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const VISA = findDocument('us-visa')!;

/** What our engine measures on a well framed 600 × 600 portrait (head 60 %, eyes 62 % up). */
const MEASURED: PortraitMeasurements = {
  crown_y: 60,
  chin_y: 420,
  eye_left: { x: 250, y: 228 },
  eye_right: { x: 352, y: 230 },
  eye_line_y: 229,
  head_height_ratio: 0.6,
  head_width_ratio: 0.5,
  eye_line_from_bottom_ratio: 0.6183,
  center_offset_ratio: 0.002,
  roll_before_deg: 4.1,
  roll_after_deg: 0.2,
  inter_eye_px: 102,
  landmarks: [],
};

async function doneItem(measurements: PortraitMeasurements | null): Promise<QueueItem> {
  const png = await portraitAt(600, 600, 'elderly-man-wrinkled-face.jpg');
  const pngPath = path.join(dir, 'work.png');
  const jpgPath = path.join(dir, 'work.jpg');
  await writeFile(pngPath, png);
  await writeFile(jpgPath, await sharp(png).jpeg({ quality: 98 }).toBuffer());
  const options = documentOptions(VISA, DEFAULT_PROCESS_OPTIONS);
  return {
    id: 'a1',
    path: '/photos/grandad.jpg',
    name: 'grandad.jpg',
    sizeBytes: 1,
    state: 'done',
    error: null,
    attempts: 1,
    options,
    addedAt: 0,
    startedAt: 0,
    finishedAt: 1,
    result: {
      pngPath,
      jpgPath,
      face: null,
      faceCount: 1,
      outputSize: { width: 600, height: 600 },
      measurements,
      processingMs: 5000,
      device: 'cpu',
      savedTo: [],
    },
  };
}

describe('saving results for a document', () => {
  it('frames for the US visa: 600 × 600 px, 300 dpi, head and eye targets, no oval, the default off-white kept', () => {
    expect(documentOptions(VISA, DEFAULT_PROCESS_OPTIONS)).toMatchObject({
      width: 600,
      height: 600,
      dpi: 300,
      targetHeadRatio: 0.595,
      targetEyeLine: 0.625,
      ovalMask: false,
      background: { r: 240, g: 240, b: 240 },
    });
    // A colour the document refuses becomes its preferred one.
    const blue = { ...DEFAULT_PROCESS_OPTIONS, background: { r: 40, g: 80, b: 200 } };
    expect(documentOptions(VISA, blue).background).toEqual({ r: 255, g: 255, b: 255 });
  });

  it('writes PNG and JPG at 300 dpi, the JPG within 240 KB, and a passing verdict judged on the saved file', async () => {
    const out = path.join(dir, 'out');
    const saver = documentSaver(VISA);
    const result = await saveResults([await doneItem(MEASURED)], out, 'both', saver.encode);
    expect(result.failed).toEqual([]);
    const [png, jpg] = result.saved[0]!.paths as [string, string];
    expect(path.basename(png)).toBe('grandad.png');
    const { readFile } = await import('node:fs/promises');
    const jpgBytes = await readFile(jpg);
    expect(pngDpi(await readFile(png))).toBe(300);
    expect(jpegDpi(jpgBytes)).toEqual({ x: 300, y: 300 });
    expect(jpgBytes.length).toBeLessThanOrEqual(240 * 1024);
    const verdict = saver.verdicts.get('a1')!;
    expect(verdict.rules.find((r) => r.id === 'file-size')).toMatchObject({ status: 'pass' });
    expect(verdict.overall).toBe('pass');
  });

  it('with the published image (no measurements) says why head and eyes were not judged', async () => {
    const saver = documentSaver(VISA);
    await saveResults([await doneItem(null)], path.join(dir, 'out2'), 'jpg', saver.encode);
    const verdict = saver.verdicts.get('a1')!;
    expect(verdict.overall).toBe('check');
    expect(verdict.unmeasuredReason).toMatch(/^This engine returns no measurements/);
  });
});
