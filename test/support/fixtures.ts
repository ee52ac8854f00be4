/**
 * Where the shared test photos live: ../shared/fixtures/portraits beside the checkout (as on the
 * developers' and CI machines), or FACECRAFT_FIXTURES_DIR. One place, so no test hard-codes a path.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

export const FIXTURES_DIR =
  process.env.FACECRAFT_FIXTURES_DIR ?? path.resolve(REPO_ROOT, '..', 'shared', 'fixtures', 'portraits');

export function fixturePath(name: string): string {
  return path.join(FIXTURES_DIR, name);
}

/**
 * The whole fixture folder as a user would drop it (SOURCES.md and all, sorted), and how many of its
 * files are photos.
 */
export async function fixtureFolder(): Promise<{ files: string[]; photoCount: number }> {
  const files = (await readdir(FIXTURES_DIR)).sort().map((name) => path.join(FIXTURES_DIR, name));
  return { files, photoCount: files.filter((f) => /\.(jpe?g|png|webp|bmp)$/i.test(f)).length };
}
