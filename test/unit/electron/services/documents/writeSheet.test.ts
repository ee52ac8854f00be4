/**
 * The print sheet every caller writes (the CLI's `sheet` and `process --sheet`, the window's "Print
 * sheet…"): real portraits at a document's pixels, laid out as many as fit, saved as JPG and PDF.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findDocument } from '../../../../../contract/documentGeometry.ts';
import { makePrintSheet } from '../../../../../electron/services/documents/printSheet.ts';
import { writeSheet } from '../../../../../electron/services/documents/writeSheet.ts';
import { portraitAt, worstCopyError } from '../../../../support/documentPhotoFiles.ts';

const UK = findDocument('uk-passport')!;
let dir: string;
let photos: string[];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'facecraft-write-sheet-'));
  photos = [path.join(dir, 'a.png'), path.join(dir, 'b.png')];
  await writeFile(photos[0]!, await portraitAt(413, 531));
  await writeFile(photos[1]!, await portraitAt(413, 531, 'elderly-man-wrinkled-face.jpg'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeSheet', () => {
  it('lays out two UK passport photos as many as fit on 4 × 6 in: six 35 × 45 mm copies, JPG and PDF', async () => {
    const files = await writeSheet(photos, UK, '4x6', null, dir);
    expect(files.copies).toBe(6);
    expect(path.basename(files.jpg)).toBe('sheet-uk-passport-4x6.jpg');
    expect(path.basename(files.pdf)).toBe('sheet-uk-passport-4x6.pdf');
    const jpg = await readFile(files.jpg);
    expect(await sharp(jpg).metadata()).toMatchObject({ width: 1200, height: 1800, density: 300 });
    // Every copy found in the sheet's own pixels is 413 × 531 (35 × 45 mm at 300 dpi) within 1 px.
    const { layout } = await makePrintSheet('4x6', [
      { image: await readFile(photos[0]!), document: UK, copies: null },
      { image: await readFile(photos[1]!), document: UK, copies: null },
    ]);
    expect(layout.placements.map((p) => p.photo)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(
      await worstCopyError(jpg, layout.placements, () => ({ width: 413, height: 531 })),
    ).toBeLessThanOrEqual(1);
    const page = (await PDFDocument.load(await readFile(files.pdf))).getPage(0).getSize();
    expect([page.width, page.height].map((v) => Math.round(v))).toEqual([288, 432]);
  });

  it('never replaces an earlier sheet, and refuses more copies than fit with the layout’s sentence', async () => {
    await writeSheet([photos[0]!], UK, 'a4', 2, dir);
    const second = await writeSheet([photos[0]!], UK, 'a4', 2, dir);
    expect(path.basename(second.jpg)).not.toBe('sheet-uk-passport-a4.jpg');
    expect((await readdir(dir)).filter((f) => f.startsWith('sheet-')).length).toBe(4);
    await expect(writeSheet([photos[0]!], UK, '4x6', 9, dir)).rejects.toMatchObject({
      code: 'sheet-full',
      message: 'Only 6 of 9 copies fit on 10 × 15 cm (4 × 6 in): ask for fewer copies or use A4.',
    });
  });
});
