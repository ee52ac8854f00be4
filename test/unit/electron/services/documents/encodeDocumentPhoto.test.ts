import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { documentPixels, findDocument } from '../../../../../contract/documentGeometry.ts';
import { DOCUMENTS } from '../../../../../contract/documents.ts';
import type { PhotoDocument } from '../../../../../contract/documentTypes.ts';
import {
  BEST_JPEG_QUALITY,
  encodeDocumentPhoto,
} from '../../../../../electron/services/documents/encodeDocumentPhoto.ts';
import { jpegDpi, pngDpi, portraitAt } from '../../../../support/documentPhotoFiles.ts';

function doc(id: string): PhotoDocument {
  const found = findDocument(id);
  if (!found) throw new Error(`no document ${id}`);
  return found;
}

const WHITE = { r: 255, g: 255, b: 255 };

describe('a document photo file', () => {
  it('carries 300 dpi in the PNG pHYs chunk and the JPEG density, so 413 × 531 px print as 35 × 45 mm', async () => {
    const eu = doc('eu-passport');
    const px = documentPixels(eu, { width: 0, height: 0 });
    const source = await portraitAt(px.width, px.height);
    const png = await encodeDocumentPhoto(source, eu, 'png', WHITE);
    const jpg = await encodeDocumentPhoto(source, eu, 'jpg', WHITE);
    expect(pngDpi(png.bytes)).toBe(300);
    expect(jpegDpi(jpg.bytes)).toEqual({ x: 300, y: 300 });
    for (const file of [png, jpg]) {
      const meta = await sharp(file.bytes).metadata();
      expect(meta.density).toBe(300);
      expect({ width: meta.width, height: meta.height }).toEqual({ width: 413, height: 531 });
      // Printed at 100 %: pixels / dpi, in millimetres.
      expect(((meta.width ?? 0) / 300) * 25.4).toBeCloseTo(35, 0);
      expect(((meta.height ?? 0) / 300) * 25.4).toBeCloseTo(45, 0);
    }
  });

  it('meets the US visa upload limit of 240 KB on a 1200 × 1200 photo by lowering the JPEG quality', async () => {
    const visa = doc('us-visa');
    const source = await portraitAt(1200, 1200, 'elderly-man-wrinkled-face.jpg');
    const best = await sharp(source)
      .jpeg({ quality: BEST_JPEG_QUALITY, chromaSubsampling: '4:4:4' })
      .toBuffer();
    expect(best.length).toBeGreaterThan(240 * 1024);
    const jpg = await encodeDocumentPhoto(source, visa, 'jpg', WHITE);
    expect(jpg.fitsLimit).toBe(true);
    expect(jpg.bytes.length).toBeLessThanOrEqual(240 * 1024);
    expect(jpg.quality).toBeLessThan(BEST_JPEG_QUALITY);
    // The highest quality that fits: one step up no longer does.
    const above = await encodeDocumentPhoto(
      source,
      { ...visa, digital: { ...visa.digital!, maxBytes: jpg.bytes.length - 1 } },
      'jpg',
      WHITE,
    );
    expect(above.quality).toBeLessThan(jpg.quality!);
    expect((await sharp(jpg.bytes).metadata()).width).toBe(1200);
  });

  it('keeps the best quality when the file is already under the limit', async () => {
    const source = await portraitAt(385, 560);
    const jpg = await encodeDocumentPhoto(source, doc('cn-visa-digital'), 'jpg', WHITE);
    expect(jpg.quality).toBe(BEST_JPEG_QUALITY);
    expect(jpg.bytes.length).toBeLessThanOrEqual(120 * 1024);
  });

  it('gives every document its pixels, its physical size when printed at the file dpi, and its upload limits', async () => {
    const source = await portraitAt(1200, 1200, 'east-asian-woman-three-quarter-view.jpg');
    for (const d of DOCUMENTS) {
      if (!d.size) continue;
      const px = documentPixels(d, { width: 0, height: 0 });
      const sized = await sharp(source).resize(px.width, px.height, { fit: 'cover' }).png().toBuffer();
      const jpg = await encodeDocumentPhoto(sized, d, 'jpg', d.backgrounds.preferred);
      const meta = await sharp(jpg.bytes).metadata();
      expect({ width: meta.width, height: meta.height, density: meta.density }, d.id).toEqual({
        ...px,
        density: d.dpi,
      });
      if (d.size.unit !== 'px') {
        const perUnit = d.size.unit === 'mm' ? 25.4 : 1;
        // Within half a pixel of the stated size.
        expect(Math.abs(((meta.width ?? 0) / d.dpi) * perUnit - d.size.width), d.id).toBeLessThanOrEqual(
          (0.5 / d.dpi) * perUnit,
        );
        expect(Math.abs(((meta.height ?? 0) / d.dpi) * perUnit - d.size.height), d.id).toBeLessThanOrEqual(
          (0.5 / d.dpi) * perUnit,
        );
      }
      if (d.digital?.maxBytes) expect(jpg.bytes.length, d.id).toBeLessThanOrEqual(d.digital.maxBytes);
    }
  });
});
