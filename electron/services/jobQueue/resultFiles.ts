/** An item's files: results written into the app's work folder (never overwriting), removed from it, shown as data URLs. */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ImageKind, QueueItem, QueueItemResult } from '../../../contract/domain.ts';
import { FacecraftError } from '../../../contract/errors.ts';
import type { ProcessedPhoto } from '../engineClient/engineClient.ts';
import { writeNewFile } from '../files/atomicWrite.ts';
import { imageTypeOfHeader, mimeTypeOf } from '../files/imageType.ts';
import { resultThumbnail } from './resultThumbnail.ts';

/** The PNG and JPG of a processed photo, named after the original, and the PNG's thumbnail. */
export async function writeResultFiles(
  workDir: string,
  name: string,
  photo: ProcessedPhoto,
): Promise<Pick<QueueItemResult, 'pngPath' | 'jpgPath' | 'thumbnailPath'>> {
  const stem = path.parse(name).name;
  const pngPath = await writeNewFile(workDir, `${stem}.png`, photo.png);
  const jpgPath = await writeNewFile(workDir, `${stem}.jpg`, photo.jpg);
  // A preview that cannot be made must not fail the photo: it is tried again when the page asks.
  const thumbnailPath = await writeThumbnailFile(workDir, pngPath, photo.png).catch(() => null);
  return { pngPath, jpgPath, thumbnailPath };
}

/** The thumbnail of a PNG, written beside it ("photo.png" → "photo.thumb.webp"). */
export async function writeThumbnailFile(
  workDir: string,
  pngPath: string,
  png?: Uint8Array,
): Promise<string> {
  const webp = await resultThumbnail(png ?? (await readFile(pngPath)));
  return writeNewFile(workDir, `${path.parse(pngPath).name}.thumb.webp`, webp);
}

/** Only files inside our own work folder; what the user saved elsewhere is theirs. */
export async function deleteResultFiles(workDir: string, result: QueueItemResult | null): Promise<void> {
  if (!result) return;
  for (const file of [result.pngPath, result.jpgPath, result.thumbnailPath]) {
    if (file && path.dirname(file) === workDir) await rm(file, { force: true });
  }
}

function itemFile(item: QueueItem, kind: ImageKind): string | null | undefined {
  if (kind === 'original') return item.path;
  return kind === 'result' ? item.result?.pngPath : item.result?.thumbnailPath;
}

/** The file behind an item, for display: only paths the queue itself knows, never an arbitrary one. */
export async function itemDataUrl(item: QueueItem, kind: ImageKind): Promise<string> {
  const filePath = itemFile(item, kind);
  if (!filePath) throw new FacecraftError('invalid-argument', `${item.name} has no result yet.`);
  let bytes: Buffer;
  try {
    bytes = await readFile(filePath);
  } catch {
    throw new FacecraftError('file-unreadable', `${path.basename(filePath)} could not be read any more.`);
  }
  const type = imageTypeOfHeader(bytes.subarray(0, 12));
  if (!type)
    throw new FacecraftError('unsupported-file', `${path.basename(filePath)} is no longer an image.`);
  return `data:${mimeTypeOf(type)};base64,${bytes.toString('base64')}`;
}
