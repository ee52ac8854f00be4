/**
 * Stage 9: the crop scaled to fit width × height with its aspect kept (the rest becomes padding). Done
 * before enhancement and masking, so both work on output-sized pixels (fewer than the crop's, usually).
 */
import sharp from 'sharp';
import type { PixelRect } from './cropFace.ts';
import type { GreyImage, RgbImage } from './rgbImage.ts';

export interface FittedArea {
  /** The scaled crop's size and place on the width × height canvas. */
  width: number;
  height: number;
  left: number;
  top: number;
}

export function fittedArea(cropWidth: number, cropHeight: number, width: number, height: number): FittedArea {
  const scale = Math.min(width / cropWidth, height / cropHeight);
  const fittedWidth = Math.max(1, Math.min(width, Math.round(cropWidth * scale)));
  const fittedHeight = Math.max(1, Math.min(height, Math.round(cropHeight * scale)));
  return {
    width: fittedWidth,
    height: fittedHeight,
    left: Math.floor((width - fittedWidth) / 2),
    top: Math.floor((height - fittedHeight) / 2),
  };
}

/** `region` of the image (default: all of it), scaled to the fitted area. */
export async function resizeRgb(image: RgbImage, area: FittedArea, region?: PixelRect): Promise<RgbImage> {
  const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .extract(region ?? { left: 0, top: 0, width: image.width, height: image.height })
    .resize(area.width, area.height, { fit: 'fill' })
    .raw()
    .toBuffer();
  return { data, width: area.width, height: area.height };
}

export async function resizeGrey(
  image: GreyImage,
  width: number,
  height: number,
  region?: PixelRect,
): Promise<GreyImage> {
  if (!region && image.width === width && image.height === height) return image;
  // toColourspace('b-w') keeps the raw output single-channel (sharp would otherwise emit 3 channels).
  const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } })
    .extract(region ?? { left: 0, top: 0, width: image.width, height: image.height })
    .resize(width, height, { fit: 'fill' })
    .toColourspace('b-w')
    .raw()
    .toBuffer();
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width, height };
}
