import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { documentPixels, findDocument } from '../../../../../contract/documentGeometry.ts';
import type { PhotoDocument } from '../../../../../contract/documentTypes.ts';
import { FacecraftError } from '../../../../../contract/errors.ts';
import { makePrintSheet } from '../../../../../electron/services/documents/printSheet.ts';
import { copyInSheet, jpegDpi, portraitAt } from '../../../../support/documentPhotoFiles.ts';
import { REPO_ROOT } from '../../../../support/fixtures.ts';

const OUT = path.join(REPO_ROOT, 'test-output', 'documents');

function doc(id: string): PhotoDocument {
  const found = findDocument(id);
  if (!found) throw new Error(`no document ${id}`);
  return found;
}

async function photoFor(id: string, fixture?: string): Promise<Buffer> {
  const px = documentPixels(doc(id), { width: 0, height: 0 });
  return portraitAt(px.width, px.height, fixture);
}

describe('print sheets', () => {
  it('puts six 35 × 45 mm copies on 10 × 15 cm at 300 dpi, each 413 × 531 px, as JPG and PDF at the exact size', async () => {
    await mkdir(OUT, { recursive: true });
    // Dark background so each copy's edges can be measured in the sheet's pixels.
    const image = await sharp(await photoFor('eu-passport'))
      .flatten({ background: '#3050a0' })
      .png()
      .toBuffer();
    const sheet = await makePrintSheet('4x6', [{ image, document: doc('eu-passport'), copies: null }]);
    await writeFile(path.join(OUT, 'sheet-4x6-eu.jpg'), sheet.jpg);
    await writeFile(path.join(OUT, 'sheet-4x6-eu.pdf'), sheet.pdf);

    const meta = await sharp(sheet.jpg).metadata();
    expect({ width: meta.width, height: meta.height }).toEqual({ width: 1200, height: 1800 });
    expect(jpegDpi(sheet.jpg)).toEqual({ x: 300, y: 300 });
    expect(sheet.layout.placements).toHaveLength(6);
    for (const p of sheet.layout.placements) {
      const found = await copyInSheet(sheet.jpg, p);
      expect(Math.abs(found.width - 413)).toBeLessThanOrEqual(1);
      expect(Math.abs(found.height - 531)).toBeLessThanOrEqual(1);
    }

    const pdf = await PDFDocument.load(sheet.pdf);
    expect(pdf.getPageCount()).toBe(1);
    const { width, height } = pdf.getPage(0).getSize();
    expect(width).toBeCloseTo(288, 2); // 4 in
    expect(height).toBeCloseTo(432, 2); // 6 in
  });

  it('lays out several photos with the copies asked on A4 and two 2 × 2 in copies on 4 × 6 in', async () => {
    const eu = await photoFor('eu-passport', 'elderly-man-wrinkled-face.jpg');
    const us = await photoFor('us-passport', 'grayscale-smiling-young-man.jpg');
    const a4 = await makePrintSheet('a4', [
      { image: eu, document: doc('eu-passport'), copies: 8 },
      { image: us, document: doc('us-passport'), copies: 4 },
    ]);
    await writeFile(path.join(OUT, 'sheet-a4-mixed.jpg'), a4.jpg);
    const meta = await sharp(a4.jpg).metadata();
    expect({ width: meta.width, height: meta.height }).toEqual({ width: 2480, height: 3508 });
    expect(a4.layout.placements.filter((p) => p.photo === 0)).toHaveLength(8);
    expect(a4.layout.placements.filter((p) => p.photo === 1).map((p) => [p.width, p.height])).toEqual(
      Array(4).fill([600, 600]),
    );
    const page = (await PDFDocument.load(a4.pdf)).getPage(0).getSize();
    expect(page.width).toBeCloseTo(595.28, 1);
    expect(page.height).toBeCloseTo(841.89, 1);

    const small = await makePrintSheet('4x6', [{ image: us, document: doc('us-passport'), copies: null }]);
    expect(small.layout.placements).toHaveLength(2);
  });

  it('says how many fit when too many copies are asked for', async () => {
    const image = await photoFor('ca-passport');
    const asked = makePrintSheet('4x6', [{ image, document: doc('ca-passport'), copies: 5 }]);
    await expect(asked).rejects.toBeInstanceOf(FacecraftError);
    await expect(asked).rejects.toMatchObject({
      code: 'sheet-full',
      message: 'Only 2 of 5 copies fit on 10 × 15 cm (4 × 6 in): ask for fewer copies or use A4.',
    });
  });
});
