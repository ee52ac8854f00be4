/** Reading back what a user would look at: alpha values at points of an encoded image. */
import sharp from 'sharp';

export interface RgbaPixels {
  data: Buffer;
  width: number;
  height: number;
}

export async function rgbaPixels(encoded: Buffer): Promise<RgbaPixels> {
  const { data, info } = await sharp(encoded).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

export function alphaAt(
  image: { data: Uint8Array; width: number },
  x: number,
  y: number,
  channels = 4,
): number {
  return image.data[(Math.floor(y) * image.width + Math.floor(x)) * channels + channels - 1]!;
}

/** Alpha at the four corners (2 px in). */
export function cornerAlphas(image: RgbaPixels): number[] {
  const { width: w, height: h } = image;
  return [
    alphaAt(image, 2, 2),
    alphaAt(image, w - 3, 2),
    alphaAt(image, 2, h - 3),
    alphaAt(image, w - 3, h - 3),
  ];
}
