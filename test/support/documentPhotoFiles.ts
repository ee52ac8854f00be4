/**
 * Helpers for the document tests: a document-sized photo from a real portrait, a portrait taken too
 * far away, copies measured in a sheet's pixels, and resolution read from the file's own bytes.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { fixturePath } from './fixtures.ts';

/** A real portrait cut to `width` × `height` (what the engine would deliver for a document). */
export async function portraitAt(
  width: number,
  height: number,
  name = 'dark-skin-man-frontal-beard.jpg',
): Promise<Buffer> {
  return sharp(await readFile(fixturePath(name)))
    .rotate()
    .resize(width, height, { fit: 'cover', position: 'attention' })
    .png()
    .toBuffer();
}

/** The photo shrunk to 1/`factor` in the middle of a canvas of its own size: the subject far away. */
export async function takenFarAway(photo: Buffer, factor: number): Promise<Buffer> {
  const { width, height } = await sharp(photo).metadata();
  const small = { width: Math.round(width! / factor), height: Math.round(height! / factor) };
  return sharp(photo)
    .resize(small.width, small.height)
    .extend({
      top: Math.floor((height! - small.height) / 2),
      bottom: Math.ceil((height! - small.height) / 2),
      left: Math.floor((width! - small.width) / 2),
      right: Math.ceil((width! - small.width) / 2),
      background: { r: 236, g: 236, b: 232 },
    })
    .jpeg({ quality: 92 })
    .toBuffer();
}

/** A copy found in the sheet's own pixels: where the non-white block around a placement begins, and its size. */
export async function copyInSheet(jpg: Buffer, p: { x: number; y: number; width: number; height: number }) {
  const { data, info } = await sharp(jpg).raw().toBuffer({ resolveWithObject: true });
  const dark = (x: number, y: number) => {
    const i = (y * info.width + x) * info.channels;
    return data[i]! + data[i + 1]! + data[i + 2]! < 3 * 235;
  };
  // Measure the copy along its middle row and column: where photo pixels begin and end.
  const row = p.y + Math.floor(p.height / 2);
  const col = p.x + Math.floor(p.width / 2);
  let left = p.x - 6;
  while (left < col && !dark(left, row)) left += 1;
  let right = p.x + p.width + 6;
  while (right > col && !dark(right, row)) right -= 1;
  let top = p.y - 6;
  while (top < row && !dark(col, top)) top += 1;
  let bottom = p.y + p.height + 6;
  while (bottom > row && !dark(col, bottom)) bottom -= 1;
  return { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}

/** The largest difference in pixels, over every copy on the sheet, between the copy found and `wanted`. */
export async function worstCopyError(
  jpg: Buffer,
  placements: readonly { photo: number; x: number; y: number; width: number; height: number }[],
  wanted: (photo: number) => { width: number; height: number },
): Promise<number> {
  let worst = 0;
  for (const placement of placements) {
    const found = await copyInSheet(jpg, placement);
    const want = wanted(placement.photo);
    worst = Math.max(worst, Math.abs(found.width - want.width), Math.abs(found.height - want.height));
  }
  return worst;
}

/** The PNG pHYs chunk as dots per inch, or null without one (read from the bytes, not through sharp). */
export function pngDpi(bytes: Buffer): number | null {
  let at = 8;
  while (at + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (type === 'pHYs') {
      const perMetre = bytes.readUInt32BE(at + 8);
      const unit = bytes[at + 16];
      return unit === 1 ? Math.round(perMetre * 0.0254) : null;
    }
    if (type === 'IDAT') return null;
    at += 12 + length;
  }
  return null;
}

/**
 * The JPEG's resolution in dots per inch from its own bytes: the Exif IFD0 XResolution/YResolution
 * with ResolutionUnit (what libvips writes), else the JFIF APP0 density; null without either.
 */
export function jpegDpi(bytes: Buffer): { x: number; y: number } | null {
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1]!;
    const length = bytes.readUInt16BE(at + 2);
    const body = at + 4;
    if (marker === 0xe0 && bytes.toString('latin1', body, body + 5) === 'JFIF\0') {
      const units = bytes[body + 7];
      const x = bytes.readUInt16BE(body + 8);
      const y = bytes.readUInt16BE(body + 10);
      if (units === 1) return { x, y };
    }
    if (marker === 0xe1 && bytes.toString('latin1', body, body + 6) === 'Exif\0\0')
      return exifDpi(bytes.subarray(body + 6));
    if (marker === 0xda) break;
    at += 2 + length;
  }
  return null;
}

function exifDpi(tiff: Buffer): { x: number; y: number } | null {
  const little = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (o: number) => (little ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (little ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const ifd = u32(4);
  const rational = (offset: number) => u32(offset) / u32(offset + 4);
  let x: number | null = null;
  let y: number | null = null;
  let unit = 2;
  for (let i = 0; i < u16(ifd); i += 1) {
    const entry = ifd + 2 + i * 12;
    const tag = u16(entry);
    if (tag === 0x011a) x = rational(u32(entry + 8));
    if (tag === 0x011b) y = rational(u32(entry + 8));
    if (tag === 0x0128) unit = u16(entry + 8);
  }
  if (x === null || y === null) return null;
  const perInch = unit === 3 ? 2.54 : 1;
  return { x: Math.round(x * perInch), y: Math.round(y * perInch) };
}
