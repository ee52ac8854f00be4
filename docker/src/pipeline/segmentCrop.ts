/** A rectangle in whole pixels. */
export interface PixelRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Stage 6: the subject's alpha for the face crop only (the model sees the person large and works on far
 * fewer pixels than on the whole photo). The crop is stretched to the model's square input, as imgly
 * does, normalised per the registry entry, and only the mask output is fetched; the mask is resized back
 * to the size it is needed at.
 */
import sharp from 'sharp';
import type { GreyImage, RgbImage } from './rgbImage.ts';
import type { SegmentationSession } from './segmentationSession.ts';

export async function modelInput(
  crop: RgbImage,
  segmentation: SegmentationSession,
  size = segmentation.model.inputSize,
): Promise<Float32Array> {
  const { normalisation } = segmentation.model;
  // The engine's regions are read at the model's side already (segmentRegion.ts); only other crops are stretched.
  const pixels =
    crop.width === size && crop.height === size
      ? crop.data
      : await sharp(crop.data, { raw: { width: crop.width, height: crop.height, channels: 3 } })
          .resize(size, size, { fit: 'fill' })
          .raw()
          .toBuffer();
  const plane = size * size;
  // Every element is written below, so a reused array needs no clearing.
  const input = segmentation.inputBuffer(3 * plane);
  const [mr, mg, mb] = normalisation.mean;
  const [sr, sg, sb] = normalisation.std;
  for (let i = 0, j = 0; i < plane; i += 1, j += 3) {
    input[i] = (pixels[j]! - mr) / sr;
    input[plane + i] = (pixels[j + 1]! - mg) / sg;
    input[2 * plane + i] = (pixels[j + 2]! - mb) / sb;
  }
  return input;
}

export async function runModel(
  input: Float32Array,
  segmentation: SegmentationSession,
  side = segmentation.model.inputSize,
): Promise<Float32Array> {
  const mask = await segmentation.run(input, side);
  return mask.length === side * side ? mask : mask.subarray(0, side * side);
}

/**
 * Mask values within this distance of 0 or 1 are taken as certain: the model gives ≈ 0.99 on a face,
 * which would otherwise leave the subject faintly see-through (alpha 252-254).
 */
const certain = 0.03;

export async function maskToAlpha(
  mask: Float32Array,
  segmentation: SegmentationSession,
  width: number,
  height: number,
  region?: PixelRect,
  side = segmentation.model.inputSize,
): Promise<GreyImage> {
  let low = 0;
  let range = 1;
  if (!segmentation.model.outputIsProbability) {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const value of mask) {
      if (value < min) min = value;
      if (value > max) max = value;
    }
    low = min;
    range = max - min || 1;
  }
  const bytes = Buffer.alloc(side * side);
  for (let i = 0; i < bytes.length; i += 1) {
    const value = (((mask[i]! - low) / range - certain) / (1 - 2 * certain)) * 255;
    bytes[i] = value <= 0 ? 0 : value >= 255 ? 255 : value + 0.5;
  }
  // The engine's regions want the whole mask at the model's side: nothing to cut or scale.
  if (!region && width === side && height === side) return { data: bytes, width, height };
  // toColourspace('b-w') keeps the raw output single-channel (sharp would otherwise emit 3 channels).
  const data = await sharp(bytes, { raw: { width: side, height: side, channels: 1 } })
    .extract(region ?? { left: 0, top: 0, width: side, height: side })
    .resize(width, height, { fit: 'fill' })
    .toColourspace('b-w')
    .raw()
    .toBuffer();
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width, height };
}

/** `region` of a crop (crop pixels) in the model's square mask (mask pixels). */
function maskRegion(region: PixelRect, crop: RgbImage, side: number): PixelRect {
  const sx = side / crop.width;
  const sy = side / crop.height;
  const left = Math.min(side - 1, Math.round(region.left * sx));
  const top = Math.min(side - 1, Math.round(region.top * sy));
  return {
    left,
    top,
    width: Math.max(1, Math.min(side - left, Math.round(region.width * sx))),
    height: Math.max(1, Math.min(side - top, Math.round(region.height * sy))),
  };
}

/**
 * The subject's alpha for the crop, or for `region` of it, at width × height (default: the whole crop at
 * its own size). Cutting and scaling the model's mask in one step saves a resampling.
 */
export async function segmentCrop(
  crop: RgbImage,
  segmentation: SegmentationSession,
  width = crop.width,
  height = crop.height,
  region?: PixelRect,
): Promise<GreyImage> {
  const input = await modelInput(crop, segmentation);
  const mask = await runModel(input, segmentation);
  const side = segmentation.model.inputSize;
  return maskToAlpha(mask, segmentation, width, height, region && maskRegion(region, crop, side));
}
