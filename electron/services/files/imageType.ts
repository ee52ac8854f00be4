/**
 * Recognises photos by their first bytes, because a suffix proves nothing: a renamed text file must be
 * reported as skipped here, not fail later inside the engine.
 */
import { open } from 'node:fs/promises';

export type ImageType = 'jpeg' | 'png' | 'webp' | 'bmp';

/** The bytes needed to tell every accepted type apart (WebP needs 12). */
const HEADER_BYTES = 12;

export function imageTypeOfHeader(header: Uint8Array): ImageType | null {
  const at = (i: number): number => header[i] ?? -1;
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'jpeg';
  if (
    at(0) === 0x89 &&
    at(1) === 0x50 &&
    at(2) === 0x4e &&
    at(3) === 0x47 &&
    at(4) === 0x0d &&
    at(5) === 0x0a &&
    at(6) === 0x1a &&
    at(7) === 0x0a
  )
    return 'png';
  if (ascii(header, 0, 4) === 'RIFF' && ascii(header, 8, 12) === 'WEBP') return 'webp';
  if (ascii(header, 0, 2) === 'BM' && header.length >= 6) return 'bmp';
  return null;
}

/** Reads only the header; null when the file is not one of the accepted image types. */
export async function sniffImageType(filePath: string): Promise<ImageType | null> {
  const handle = await open(filePath, 'r');
  try {
    const header = new Uint8Array(HEADER_BYTES);
    const { bytesRead } = await handle.read(header, 0, HEADER_BYTES, 0);
    return imageTypeOfHeader(header.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

export function mimeTypeOf(type: ImageType): string {
  return type === 'jpeg' ? 'image/jpeg' : `image/${type}`;
}

/** The suffix the engine expects for this type (it only accepts .jpg .jpeg .png .bmp .webp). */
export function suffixOf(type: ImageType): string {
  return type === 'jpeg' ? '.jpg' : `.${type}`;
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  if (bytes.length < to) return '';
  return String.fromCharCode(...bytes.subarray(from, to));
}
