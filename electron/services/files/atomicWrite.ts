/**
 * Writes that never leave half a file behind (temp file + rename in the same folder) and, for the
 * user's results, never replace a file that is already there: "name (2).png" instead.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Replaces target atomically (for the app's own state files); `mode` from the first byte on (a file with secrets). */
export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array,
  mode?: number,
): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temp = tempPathFor(target);
  try {
    await writeFile(temp, data, mode === undefined ? undefined : { mode });
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** "photo.png", "photo (2).png", "photo (3).png", … */
export function suffixedName(fileName: string, n: number): string {
  if (n <= 1) return fileName;
  const ext = path.extname(fileName);
  return `${fileName.slice(0, fileName.length - ext.length)} (${n})${ext}`;
}

/**
 * Writes data under dir/fileName, or the first free suffixed name, and answers the path written.
 * link() fails when the name exists, so two writers can never claim the same name, and the
 * complete file appears at once. File systems without hard links (FAT, some shares) get an
 * exclusive-create reservation that the finished temp file then replaces.
 */
export async function writeNewFile(
  dir: string,
  fileName: string,
  data: string | Uint8Array,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const temp = tempPathFor(path.join(dir, fileName));
  await writeFile(temp, data);
  try {
    for (let n = 1; n < 10_000; n++) {
      const target = path.join(dir, suffixedName(fileName, n));
      try {
        await claim(temp, target);
        return target;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    throw new Error(`No free name for ${fileName} in ${dir}`);
  } finally {
    await rm(temp, { force: true });
  }
}

async function claim(temp: string, target: string): Promise<void> {
  try {
    await link(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV') throw error;
    const reservation = await open(target, 'wx');
    await reservation.close();
    await rename(temp, target);
  }
}
