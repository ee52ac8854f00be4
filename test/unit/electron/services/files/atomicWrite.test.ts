import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeNewFile } from '../../../../../electron/services/files/atomicWrite.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fc-files-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('atomicWrite', () => {
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

  it('writes a state file with secrets readable by its owner only', async () => {
    const target = path.join(dir, 'secret.json');
    await writeFileAtomic(target, '{"apiKey":"k"}', 0o600);
    expect((await stat(target)).mode & 0o777).toBe(0o600);
  });
});
