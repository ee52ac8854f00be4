/**
 * The small preview of a result, made once in the main process when the result arrives (sharp, on its
 * own threads) and kept beside it in the work folder, so the page asks for a few kilobytes once per
 * result instead of shipping the whole PNG to the page and shrinking it there.
 */
import sharp from 'sharp';
import { THUMBNAIL_SIDE } from '../../../contract/domain.ts';

/** WebP bytes of at most THUMBNAIL_SIDE px on the long side, transparency kept. */
export async function resultThumbnail(png: Uint8Array): Promise<Buffer> {
  return sharp(png)
    .resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 72, alphaQuality: 80, effort: 2 })
    .toBuffer();
}
