/**
 * Stage 10: the portrait with its alpha, encoded. The PNG keeps transparency
 * wherever the subject was removed, outside the oval and in the padding, with the background colour under
 * it (for viewers that ignore alpha); the JPG is composited on the background colour and kept at or under
 * 99 KB by stepping the quality down (not below 50).
 */
import sharp from 'sharp';
import type { GreyImage, RgbImage } from './rgbImage.ts';
import type { Rgb } from './types.ts';

export const maxJpegBytes = 99 * 1024;
const jpegQualities = [92, 88, 84, 80, 75, 70, 65, 60, 55, 50];

export interface RgbaImage {
  /** width * height * 4 bytes. */
  data: Buffer;
  width: number;
  height: number;
}

/** The portrait's colour with its alpha; fully transparent pixels carry the background colour. */
export function placePortrait(image: RgbImage, alpha: GreyImage, background: Rgb): RgbaImage {
  const { width, height } = image;
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0, k = 0; i < width * height; i += 1, k += 4) {
    const a = alpha.data[i]!;
    data[k] = a === 0 ? background.r : image.data[i * 3]!;
    data[k + 1] = a === 0 ? background.g : image.data[i * 3 + 1]!;
    data[k + 2] = a === 0 ? background.b : image.data[i * 3 + 2]!;
    data[k + 3] = a;
  }
  return { data, width, height };
}

export interface EncodedPortrait {
  png: Buffer;
  jpg: Buffer;
  jpegQuality: number;
}

/** The JPG on the background colour, at the highest quality step that fits in 99 KB (or quality 50). */
async function encodeJpeg(portrait: RgbaImage, background: Rgb): Promise<{ jpg: Buffer; quality: number }> {
  const raw = { width: portrait.width, height: portrait.height, channels: 4 as const };
  const flat = await sharp(portrait.data, { raw }).flatten({ background }).raw().toBuffer();
  const flatRaw = { width: portrait.width, height: portrait.height, channels: 3 as const };
  let jpg = Buffer.alloc(0);
  let quality = 0;
  for (const step of jpegQualities) {
    jpg = await sharp(flat, { raw: flatRaw }).jpeg({ quality: step }).toBuffer();
    quality = step;
    if (jpg.length <= maxJpegBytes) break;
  }
  return { jpg, quality };
}

export async function encodePortrait(portrait: RgbaImage, background: Rgb): Promise<EncodedPortrait> {
  const raw = { width: portrait.width, height: portrait.height, channels: 4 as const };
  // The two encodes are independent: sharp runs them on separate threads.
  const [png, jpeg] = await Promise.all([
    sharp(portrait.data, { raw }).png({ compressionLevel: 6 }).toBuffer(),
    encodeJpeg(portrait, background),
  ]);
  return { png, jpg: jpeg.jpg, jpegQuality: jpeg.quality };
}
