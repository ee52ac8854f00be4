import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandPaths } from '../../../../../electron/services/files/expandPaths.ts';
import { FIXTURES_DIR as FIXTURES } from '../../../../support/fixtures.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fc-files-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('expandPaths', () => {
  it('finds every fixture photo in the folder and reports SOURCES.md as skipped', async () => {
    const { images, skipped } = await expandPaths([FIXTURES]);
    const names = images.map((i) => path.basename(i.path));
    expect(names).toHaveLength(14);
    expect(names).toContain('webp-smiling-woman-curly-hair.webp');
    expect(images.find((i) => i.path.endsWith('.webp'))?.type).toBe('webp');
    expect(images.find((i) => i.path.endsWith('astronaut-orange-suit.png'))?.type).toBe('png');
    expect(skipped.map((s) => path.basename(s.path))).toEqual(['SOURCES.md']);
    expect(skipped[0]?.reason).toMatch(/not a JPEG, PNG, WebP or BMP/i);
  });
  it('judges by content, not suffix: a renamed text file is skipped, a photo without a suffix is taken', async () => {
    const folder = path.join(dir, 'mixed');
    await mkdir(path.join(folder, 'nested'), { recursive: true });
    await writeFile(path.join(folder, 'notes.txt'), 'hello');
    await writeFile(path.join(folder, 'fake.jpg'), 'this is text, not a JPEG');
    await writeFile(path.join(folder, '.hidden.jpg'), 'hidden');
    await copyFile(
      path.join(FIXTURES, 'elderly-man-wrinkled-face.jpg'),
      path.join(folder, 'nested', 'IMG_0001'),
    );
    const bmp = Buffer.alloc(58);
    bmp.write('BM', 0, 'ascii');
    await writeFile(path.join(folder, 'tiny.bmp'), bmp);
    // A folder linked into itself is walked once.
    await symlink(folder, path.join(folder, 'nested', 'loop'));

    const { images, skipped } = await expandPaths([folder, path.join(dir, 'does-not-exist.jpg')]);
    expect(images.map((i) => [path.basename(i.path), i.type])).toEqual([
      ['IMG_0001', 'jpeg'],
      ['tiny.bmp', 'bmp'],
    ]);
    const reasons = Object.fromEntries(skipped.map((s) => [path.basename(s.path), s.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['does-not-exist.jpg', 'fake.jpg', 'notes.txt']);
    expect(reasons['fake.jpg']).toMatch(/not a JPEG/i);
    expect(reasons['does-not-exist.jpg']).toMatch(/could not be read/);
  });
});
