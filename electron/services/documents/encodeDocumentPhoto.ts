/**
 * Writes a portrait for a document: the document's resolution in the file (PNG pHYs; JPEG Exif
 * XResolution/YResolution in inches, which libvips writes instead of a JFIF density) so printing at
 * 100 % gives its physical size, and a JPEG small enough for the
 * document's upload limit (the highest quality that fits, found by binary search).
 */
import sharp from 'sharp';
import type { Rgb } from '../../../contract/documentGeometry.ts';
import type { DigitalFormat, PhotoDocument } from '../../../contract/documentTypes.ts';

export interface EncodedPhoto {
  format: DigitalFormat;
  bytes: Buffer;
  dpi: number;
  /** JPEG quality used; null for PNG. */
  quality: number | null;
  /** False when even the lowest quality is over the limit (the verdict then fails the file size). */
  fitsLimit: boolean;
}

/** Below this JPEG quality faces get visibly blocky; a file that needs less is reported as too large. */
export const LOWEST_JPEG_QUALITY = 40;
export const BEST_JPEG_QUALITY = 95;

function jpeg(source: Buffer, background: Rgb, dpi: number, quality: number): Promise<Buffer> {
  return sharp(source)
    .flatten({ background })
    .withMetadata({ density: dpi })
    .jpeg({ quality, chromaSubsampling: '4:4:4', mozjpeg: false })
    .toBuffer();
}

/**
 * `source` is the engine's PNG (possibly transparent outside an oval). The JPEG is composited on
 * `background`; the PNG keeps its alpha.
 */
export async function encodeDocumentPhoto(
  source: Buffer,
  doc: PhotoDocument,
  format: DigitalFormat,
  background: Rgb,
): Promise<EncodedPhoto> {
  const dpi = doc.dpi;
  if (format === 'png') {
    const bytes = await sharp(source).withMetadata({ density: dpi }).png().toBuffer();
    return {
      format,
      bytes,
      dpi,
      quality: null,
      fitsLimit: doc.digital?.maxBytes ? bytes.length <= doc.digital.maxBytes : true,
    };
  }
  const maxBytes = doc.digital?.maxBytes ?? null;
  const best = await jpeg(source, background, dpi, BEST_JPEG_QUALITY);
  if (maxBytes === null || best.length <= maxBytes)
    return { format, bytes: best, dpi, quality: BEST_JPEG_QUALITY, fitsLimit: true };
  // File size falls as quality falls (not strictly, so keep the best that fits, not the last tried).
  let low = LOWEST_JPEG_QUALITY;
  let high = BEST_JPEG_QUALITY - 1;
  let fit: { bytes: Buffer; quality: number } | null = null;
  while (low <= high) {
    const quality = Math.floor((low + high) / 2);
    const bytes = await jpeg(source, background, dpi, quality);
    if (bytes.length <= maxBytes) {
      if (!fit || quality > fit.quality) fit = { bytes, quality };
      low = quality + 1;
    } else {
      high = quality - 1;
    }
  }
  if (fit) return { format, bytes: fit.bytes, dpi, quality: fit.quality, fitsLimit: true };
  const lowest = await jpeg(source, background, dpi, LOWEST_JPEG_QUALITY);
  return { format, bytes: lowest, dpi, quality: LOWEST_JPEG_QUALITY, fitsLimit: lowest.length <= maxBytes };
}
