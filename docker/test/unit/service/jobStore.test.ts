/** Results on disk: every name handed out is safe and unique, and old results are swept. */
import { mkdtemp, readdir, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sweep } from '../../../src/service/cleanup.ts';
import { isResultName, JobStore, newJobId, resultNameFor } from '../../../src/service/jobStore.ts';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('result names', () => {
  it('turns any upload name into a unique, URL- and file-safe name', () => {
    const taken = new Set<string>();
    const names = [
      'Portrait 1.jpg',
      'Portrait 1.png',
      '../../etc/passwd.jpg',
      '.hidden.jpg',
      'été à Paris.webp',
      '.jpg',
    ].map((name) => resultNameFor(name, taken));
    expect(names).toEqual(['Portrait_1', 'Portrait_1-2', 'passwd', 'hidden', 't_Paris', 'image']);
    for (const name of names) expect(isResultName(name)).toBe(true);
    expect(isResultName('..')).toBe(false);
    expect(isResultName('a/b')).toBe(false);
  });
});

describe('JobStore', () => {
  it('stores, reads and deletes a job; unknown or unsafe ids read as absent', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'facecraft-store-'));
    const store = new JobStore(dir);
    await store.init();
    const id = newJobId();
    expect(id).toMatch(/^[a-f0-9]{8}$/);
    await store.save(id, 'result', { png: Buffer.from('png'), jpg: Buffer.from('jpg') });
    expect((await store.read(id, 'result', 'jpg'))?.toString()).toBe('jpg');
    expect(await store.read('../../x', 'result', 'png')).toBeNull();
    expect(await store.delete(id)).toBe(true);
    expect(await store.read(id, 'result', 'png')).toBeNull();
    expect(await store.delete(id)).toBe(false);
  });

  it('sweeps only what is older than the cleanup age', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'facecraft-sweep-'));
    const store = new JobStore(dir);
    const [old, fresh] = [newJobId(), newJobId()];
    await store.save(old, 'result', { png: Buffer.from('a'), jpg: null });
    await store.save(fresh, 'result', { png: Buffer.from('b'), jpg: null });
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    await utimes(path.join(dir, old), twoHoursAgo, twoHoursAgo);
    expect(await sweep([dir, path.join(dir, 'missing')], 3_600_000)).toBe(1);
    expect(await readdir(dir)).toEqual([fresh]);
  });
});
