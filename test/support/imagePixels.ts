/** Pixels of a result file as a user would see them (decoded by sharp), for background-colour checks. */
import sharp from 'sharp';

export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/** The middle of the left edge: the padding with the oval off, outside the oval with it on. */
export async function leftEdgePixel(file: string): Promise<Rgba> {
  const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const i = (Math.floor(info.height / 2) * info.width + 1) * 4;
  return { r: data[i]!, g: data[i + 1]!, b: data[i + 2]!, a: data[i + 3]! };
}

/** Pure red after JPEG compression (not blue: the published image swaps red and blue). */
export const isRed = (p: { r: number; g: number; b: number }): boolean => p.r > 220 && p.g < 40 && p.b < 40;
