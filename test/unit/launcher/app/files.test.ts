import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeNewFile } from '../../../../electron/services/files/atomicWrite.ts';
import { expandPaths } from '../../../../electron/services/files/expandPaths.ts';
import { sniffImageType } from '../../../../electron/services/files/imageType.ts';
import { FIXTURES_DIR as FIXTURES } from '../../../support/fixtures.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fc-files-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('file expansion', () => {
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

  it('sniffs the fixture JPEG, PNG and WebP by their magic bytes', async () => {
    expect(await sniffImageType(path.join(FIXTURES, 'grayscale-smiling-young-man.jpg'))).toBe('jpeg');
    expect(await sniffImageType(path.join(FIXTURES, 'png-alpha-transparent-surround-man.png'))).toBe('png');
    expect(await sniffImageType(path.join(FIXTURES, 'webp-smiling-woman-curly-hair.webp'))).toBe('webp');
    expect(await sniffImageType(path.join(FIXTURES, 'SOURCES.md'))).toBeNull();
  });
});

describe('atomic writes', () => {
  it('never overwrites: a second and third result get " (2)" and " (3)"', async () => {
    const out = path.join(dir, 'out');
    const first = await writeNewFile(out, 'portrait.png', 'one');
    const second = await writeNewFile(out, 'portrait.png', 'two');
    const third = await writeNewFile(out, 'portrait.png', 'three');
    expect(path.basename(first)).toBe('portrait.png');
    expect(path.basename(second)).toBe('portrait (2).png');
    expect(path.basename(third)).toBe('portrait (3).png');
    expect(await readFile(first, 'utf8')).toBe('one');
    expect(await readFile(third, 'utf8')).toBe('three');
    // No temp files left behind.
    expect((await readdir(out)).sort()).toEqual(['portrait (2).png', 'portrait (3).png', 'portrait.png']);
  });

  it('writes many results with the same name at once without losing one', async () => {
    const out = path.join(dir, 'parallel');
    const written = await Promise.all(
      Array.from({ length: 6 }, (_, i) => writeNewFile(out, 'a.jpg', `n${i}`)),
    );
    expect(new Set(written).size).toBe(6);
    expect(await readdir(out)).toHaveLength(6);
  });

  it('replaces a state file in one step, leaving no temp file', async () => {
    const file = path.join(dir, 'state', 'queue.json');
    await writeFileAtomic(file, '{"a":1}');
    await writeFileAtomic(file, '{"a":2}');
    expect(await readFile(file, 'utf8')).toBe('{"a":2}');
    expect(await readdir(path.dirname(file))).toEqual(['queue.json']);
  });
});
