/**
 * Stages 9-10: the portrait fitted into width × height (aspect kept, padded), then encoded. The PNG keeps
 * transparency wherever the subject was removed, outside the oval and in the padding, with the background
 * colour under it; the JPG is composited on the background colour and kept at or under 99 KB by stepping
 * the quality down (not below 50).
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

export async function fitPortrait(
  image: RgbImage,
  alpha: GreyImage,
  width: number,
  height: number,
  background: Rgb,
): Promise<RgbaImage> {
  const rgba = Buffer.alloc(image.width * image.height * 4);
  for (let i = 0, j = 0, k = 0; i < alpha.data.length; i += 1, j += 3, k += 4) {
    rgba[k] = image.data[j]!;
    rgba[k + 1] = image.data[j + 1]!;
    rgba[k + 2] = image.data[j + 2]!;
    rgba[k + 3] = alpha.data[i]!;
  }
  const data = await sharp(rgba, { raw: { width: image.width, height: image.height, channels: 4 } })
    .resize(width, height, { fit: 'contain', background: { ...background, alpha: 0 } })
    .raw()
    .toBuffer();
  // Fully transparent pixels carry the background colour, so viewers that ignore alpha show it.
  for (let k = 0; k < data.length; k += 4) {
    if (data[k + 3] === 0) {
      data[k] = background.r;
      data[k + 1] = background.g;
      data[k + 2] = background.b;
    }
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
