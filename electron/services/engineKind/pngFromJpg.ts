/**
 * A PNG made from an engine's JPG, for engines that write no PNG without the oval (the published
 * image): same pixels, background colour included, fully opaque (a JPG has no transparency to carry over).
 */
import sharp from 'sharp';

export async function pngFromJpg(jpg: Uint8Array): Promise<Uint8Array> {
  // sharp honours the JPG's EXIF orientation only when asked; the engine's JPG is upright already.
  return new Uint8Array(await sharp(jpg).ensureAlpha(1).png().toBuffer());
}
