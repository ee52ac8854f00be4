/**
 * A PNG made from an engine's JPG, for engines that write no PNG without the oval (the published
 * image): same pixels, background colour included (a JPG has no transparency to carry over).
 * Pure JavaScript codecs: the main process bundles no native image library.
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

export function pngFromJpg(jpg: Uint8Array): Uint8Array {
  const decoded = jpeg.decode(jpg, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
  const png = new PNG({ width: decoded.width, height: decoded.height });
  png.data = Buffer.from(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength);
  return new Uint8Array(PNG.sync.write(png));
}
