/**
 * A small BMP reader: the contract accepts .bmp, and sharp's prebuilt libvips has no BMP loader.
 * Handles the BMPs cameras and editors write: uncompressed 24/32-bit and 1/4/8-bit palette images
 * (BI_RGB, BI_BITFIELDS for 16/32-bit), bottom-up or top-down. Anything else is invalid_image.
 */
import type { RgbImage } from './rgbImage.ts';
import { PipelineError } from './types.ts';

const BI_RGB = 0;
const BI_BITFIELDS = 3;

export function isBmp(input: Buffer): boolean {
  return input.length >= 2 && input[0] === 0x42 && input[1] === 0x4d;
}

function invalid(reason: string): PipelineError {
  return new PipelineError('invalid_image', `The BMP file cannot be read: ${reason}.`);
}

function maskShift(mask: number): { shift: number; max: number } {
  if (mask === 0) return { shift: 0, max: 0 };
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift += 1;
  return { shift, max: mask >>> shift };
}

export function decodeBmp(input: Buffer, maxPixels: number): RgbImage {
  if (input.length < 54) throw invalid('the header is truncated');
  const pixelOffset = input.readUInt32LE(10);
  const headerSize = input.readUInt32LE(14);
  if (headerSize < 40) throw invalid('only Windows BMP (BITMAPINFOHEADER or later) is supported');
  const width = input.readInt32LE(18);
  const rawHeight = input.readInt32LE(22);
  const bitCount = input.readUInt16LE(28);
  const compression = input.readUInt32LE(30);
  const topDown = rawHeight < 0;
  const height = Math.abs(rawHeight);
  if (width <= 0 || height === 0) throw invalid('its size is zero');
  if (width * height > maxPixels) {
    throw new PipelineError(
      'image_too_large',
      `The image is ${width}×${height} pixels, more than the ${maxPixels.toLocaleString('en')} pixels allowed.`,
    );
  }
  if (compression !== BI_RGB && !(compression === BI_BITFIELDS && (bitCount === 16 || bitCount === 32))) {
    throw invalid('compressed BMPs are not supported');
  }
  if (![1, 4, 8, 16, 24, 32].includes(bitCount)) throw invalid(`${bitCount} bits per pixel is not supported`);

  const rowBytes = Math.ceil((width * bitCount) / 32) * 4;
  if (pixelOffset + rowBytes * height > input.length) throw invalid('the pixel data is truncated');

  let masks = { r: 0x00ff0000, g: 0x0000ff00, b: 0x000000ff };
  if (bitCount === 16) masks = { r: 0x7c00, g: 0x03e0, b: 0x001f };
  if (compression === BI_BITFIELDS) {
    // The three masks follow a 40-byte header and sit at the same place inside V4/V5 headers.
    const at = 54;
    masks = { r: input.readUInt32LE(at), g: input.readUInt32LE(at + 4), b: input.readUInt32LE(at + 8) };
  }
  const channels = [masks.r, masks.g, masks.b].map(maskShift);

  const paletteOffset = 14 + headerSize;
  const paletteSize = bitCount <= 8 ? input.readUInt32LE(46) || 1 << bitCount : 0;
  if (paletteOffset + paletteSize * 4 > pixelOffset) throw invalid('the palette is truncated');

  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    const row = pixelOffset + (topDown ? y : height - 1 - y) * rowBytes;
    for (let x = 0; x < width; x += 1) {
      const out = (y * width + x) * 3;
      if (bitCount === 24 || (bitCount === 32 && compression === BI_RGB)) {
        const at = row + x * (bitCount / 8);
        data[out] = input[at + 2]!;
        data[out + 1] = input[at + 1]!;
        data[out + 2] = input[at]!;
      } else if (bitCount === 16 || bitCount === 32) {
        const value = bitCount === 16 ? input.readUInt16LE(row + x * 2) : input.readUInt32LE(row + x * 4);
        for (let c = 0; c < 3; c += 1) {
          const { shift, max } = channels[c]!;
          data[out + c] = max === 0 ? 0 : Math.round((((value >>> shift) & max) * 255) / max);
        }
      } else {
        const bitOffset = x * bitCount;
        const byte = input[row + (bitOffset >> 3)]!;
        const index = (byte >> (8 - bitCount - (bitOffset & 7))) & ((1 << bitCount) - 1);
        if (index >= paletteSize) throw invalid('a pixel refers past the palette');
        const entry = paletteOffset + index * 4;
        data[out] = input[entry + 2]!;
        data[out + 1] = input[entry + 1]!;
        data[out + 2] = input[entry]!;
      }
    }
  }
  return { data, width, height };
}
