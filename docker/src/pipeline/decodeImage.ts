/**
 * Stage 1: an upload's bytes → an upright 8-bit sRGB image. EXIF orientation is applied; CMYK, grey,
 * 16-bit and alpha inputs become plain 8-bit RGB (alpha flattened on white). Inputs are checked before
 * any pixel is decoded: the header gives the size (decompression bombs), the page count (animations)
 * and the format.
 */
import sharp, { type Metadata } from 'sharp';
import { decodeBmp, isBmp } from './decodeBmp.ts';
import type { RgbImage } from './rgbImage.ts';
import { PipelineError } from './types.ts';

/** Below this a face cannot be found (dlib needs ≈ 40 px faces even with upsampling). */
export const minimumImageSide = 32;

const acceptedFormats = new Set(['jpeg', 'png', 'webp']);

export interface DecodeLimits {
  /** Decoded-pixel cap (width × height) against decompression bombs. */
  maxPixels: number;
}

export async function decodeImage(input: Buffer, limits: DecodeLimits): Promise<RgbImage> {
  if (input.length === 0) throw new PipelineError('empty_file', 'The file is empty (0 bytes).');
  if (isBmp(input)) return checkedSize(decodeBmp(input, limits.maxPixels), limits);

  let metadata: Metadata;
  try {
    metadata = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw new PipelineError(
      'invalid_image',
      'The file is not an image that can be read (JPEG, PNG, WebP or BMP).',
    );
  }
  if ((metadata.pages ?? 1) > 1) {
    throw new PipelineError(
      'animated_image',
      'The image is animated (several frames); upload a still image.',
    );
  }
  if (!metadata.format || !acceptedFormats.has(metadata.format)) {
    throw new PipelineError(
      'unsupported_format',
      `The image format "${metadata.format ?? 'unknown'}" is not supported; use JPEG, PNG, WebP or BMP.`,
    );
  }
  const width = metadata.width ?? 0;
  const height = metadata.height ?? 0;
  checkSize(width, height, limits);

  try {
    const { data, info } = await sharp(input, { limitInputPixels: limits.maxPixels, failOn: 'warning' })
      .autoOrient()
      .flatten({ background: { r: 255, g: 255, b: 255 } })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels`);
    return { data, width: info.width, height: info.height };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new PipelineError(
      'invalid_image',
      `The image is damaged or truncated and cannot be decoded (${reason}).`,
    );
  }
}

function checkSize(width: number, height: number, limits: DecodeLimits): void {
  if (width * height > limits.maxPixels) {
    throw new PipelineError(
      'image_too_large',
      `The image is ${width}×${height} pixels, more than the ${limits.maxPixels.toLocaleString('en')} pixels allowed.`,
    );
  }
  if (width < minimumImageSide || height < minimumImageSide) {
    throw new PipelineError(
      'image_too_small',
      `The image is ${width}×${height} pixels; at least ${minimumImageSide}×${minimumImageSide} is needed to find a face.`,
    );
  }
}

function checkedSize(image: RgbImage, limits: DecodeLimits): RgbImage {
  checkSize(image.width, image.height, limits);
  return image;
}
