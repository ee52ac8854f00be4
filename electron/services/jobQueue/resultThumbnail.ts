/**
 * The small preview of a result, made once in the main process when the result arrives (sharp, on its
 * own threads) and carried in the queue snapshot, so the grid shows it the moment the photo is done
 * instead of shipping the whole PNG to the page and shrinking it there.
 */
import sharp from 'sharp';
import { THUMBNAIL_SIDE } from '../../../contract/domain.ts';

/** A WebP data: URL of at most THUMBNAIL_SIDE px on its long side, transparency kept. */
export async function resultThumbnail(png: Uint8Array): Promise<string> {
  const webp = await sharp(png)
    .resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 72, alphaQuality: 80, effort: 2 })
    .toBuffer();
  return `data:image/webp;base64,${webp.toString('base64')}`;
}
