/**
 * Turns what the user dropped (files and folders, any mix) into the list of photos to process, and
 * says why everything else was left out, so nothing silently disappears.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SkippedPath } from '../../../contract/domain.ts';
import { type ImageType, sniffImageType } from './imageType.ts';

export interface FoundImage {
  path: string;
  type: ImageType;
  sizeBytes: number;
}

export interface ExpandedPaths {
  images: FoundImage[];
  skipped: SkippedPath[];
}

/** Files every OS sprinkles into folders; never photos the user meant. */
const SYSTEM_FILES = new Set([
  'thumbs.db',
  'desktop.ini',
  'icon\r',
  '$recycle.bin',
  'system volume information',
]);

export function isHiddenOrSystem(name: string): boolean {
  return name.startsWith('.') || SYSTEM_FILES.has(name.toLowerCase());
}

export async function expandPaths(paths: readonly string[]): Promise<ExpandedPaths> {
  const result: ExpandedPaths = { images: [], skipped: [] };
  const seen = new Set<string>();
  for (const p of paths) await visit(path.resolve(p), true, result, seen);
  return result;
}

async function visit(p: string, explicit: boolean, out: ExpandedPaths, seen: Set<string>): Promise<void> {
  if (seen.has(p)) return;
  seen.add(p);
  const name = path.basename(p);
  // A hidden file dropped on purpose is still reported; inside folders hidden entries are simply not ours.
  if (!explicit && isHiddenOrSystem(name)) return;
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(p);
  } catch {
    out.skipped.push({ path: p, reason: 'The file could not be read (it may have been moved or deleted).' });
    return;
  }
  if (info.isDirectory()) {
    // A folder linked into itself must not be walked forever.
    const real = `dir:${await realpath(p).catch(() => p)}`;
    if (seen.has(real)) return;
    seen.add(real);
    let entries: string[];
    try {
      entries = (await readdir(p)).sort((a, b) => a.localeCompare(b));
    } catch {
      out.skipped.push({ path: p, reason: 'The folder could not be opened (check its permissions).' });
      return;
    }
    for (const entry of entries) await visit(path.join(p, entry), false, out, seen);
    return;
  }
  if (!info.isFile()) {
    out.skipped.push({ path: p, reason: 'This is not a regular file.' });
    return;
  }
  if (explicit && isHiddenOrSystem(name)) {
    out.skipped.push({ path: p, reason: 'Hidden and system files are not processed.' });
    return;
  }
  let type: ImageType | null;
  try {
    type = await sniffImageType(p);
  } catch {
    out.skipped.push({ path: p, reason: 'The file could not be read (check its permissions).' });
    return;
  }
  if (!type) {
    out.skipped.push({ path: p, reason: 'Not a JPEG, PNG, WebP or BMP image.' });
    return;
  }
  out.images.push({ path: p, type, sizeBytes: info.size });
}
