/**
 * Copies finished results from the app's work folder to the user's output folder, named after the
 * original photo, in the chosen format(s), never replacing a file that is already there.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { QueueItem, SaveResult } from '../../../contract/domain.ts';
import { type BridgeError, FacecraftError } from '../../../contract/errors.ts';
import { OUTPUT_FORMATS, type OutputFormat } from '../../../contract/processOptions.ts';
import { writeNewFile } from './atomicWrite.ts';

export function formatsOf(format: OutputFormat): readonly ('png' | 'jpg')[] {
  return OUTPUT_FORMATS[format].files;
}

/** Turns a result file's bytes into the bytes saved (a document's resolution and size limit). */
export type ResultEncoder = (item: QueueItem, ext: 'png' | 'jpg', bytes: Buffer) => Promise<Uint8Array>;

export async function saveResults(
  items: readonly QueueItem[],
  dir: string,
  format: OutputFormat,
  encode?: ResultEncoder,
): Promise<SaveResult> {
  const result: SaveResult = { saved: [], failed: [], dir };
  for (const item of items) {
    if (item.state !== 'done' || !item.result) {
      result.failed.push({
        id: item.id,
        error: { code: 'invalid-argument', message: `${item.name} has no result to save yet.` },
      });
      continue;
    }
    const stem = path.parse(item.name).name;
    const paths: string[] = [];
    try {
      for (const ext of formatsOf(format)) {
        const source = ext === 'png' ? item.result.pngPath : item.result.jpgPath;
        const bytes = await readFile(source).catch(() => {
          throw new FacecraftError(
            'file-unreadable',
            `The result of ${item.name} is gone; process it again.`,
          );
        });
        paths.push(
          await writeNewFile(dir, `${stem}.${ext}`, encode ? await encode(item, ext, bytes) : bytes),
        );
      }
      result.saved.push({ id: item.id, paths });
    } catch (error) {
      result.failed.push({ id: item.id, error: saveError(error, dir) });
    }
  }
  return result;
}

function saveError(error: unknown, dir: string): BridgeError {
  if (error instanceof FacecraftError) return error.toJSON();
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC')
    return { code: 'disk-full', message: `The disk holding ${dir} is full. Free some space and save again.` };
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return {
      code: 'output-unwritable',
      message: `Facecraft may not write to ${dir}. Choose another folder.`,
    };
  if (code === 'ENOTDIR' || code === 'EEXIST')
    return { code: 'output-unwritable', message: `${dir} is not a folder. Choose another one.` };
  return { code: 'output-unwritable', message: `Saving to ${dir} failed: ${(error as Error).message}` };
}
