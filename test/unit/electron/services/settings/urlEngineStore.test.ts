/** The saved list of URL engines: kept across restarts, owner-readable only, and listed without keys. */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  URL_ENGINES_FILE,
  UrlEngineStore,
} from '../../../../../electron/services/settings/urlEngineStore.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fc-url-engines-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('UrlEngineStore', () => {
  it('keeps added engines across a restart; a second add at the same address replaces the first', async () => {
    const store = await UrlEngineStore.open(dir);
    expect(store.engines()).toEqual([]);
    await store.add({ url: 'http://10.0.0.5:8000/', apiKey: 'first-key' });
    await store.add({ url: 'https://gpu.example.com', apiKey: 'secret-key', concurrency: 3 });
    const entry = await store.add({ url: 'http://10.0.0.5:8000', apiKey: 'second-key' });
    expect(entry).toEqual({ url: 'http://10.0.0.5:8000', hasKey: true, concurrency: null });
    const reopened = await UrlEngineStore.open(dir);
    expect(reopened.engines()).toEqual([
      { url: 'https://gpu.example.com', apiKey: 'secret-key', concurrency: 3 },
      { url: 'http://10.0.0.5:8000', apiKey: 'second-key', concurrency: null },
    ]);
    await reopened.remove('https://gpu.example.com');
    expect((await UrlEngineStore.open(dir)).listing()).toEqual([
      { url: 'http://10.0.0.5:8000', hasKey: true, concurrency: null },
    ]);
  });

  it('the file with the keys is readable by its owner only, and the listing never carries a key', async () => {
    const store = await UrlEngineStore.open(dir);
    await store.add({ url: 'https://gpu.example.com', apiKey: 'secret-key' });
    expect((await stat(path.join(dir, URL_ENGINES_FILE))).mode & 0o777).toBe(0o600);
    expect(JSON.stringify(store.listing())).not.toContain('secret-key');
  });

  it('refuses an invalid engine with the sentence and saves nothing', async () => {
    const store = await UrlEngineStore.open(dir);
    await expect(store.add({ url: 'gpu.example.com' })).rejects.toThrow(/is not an engine address/);
    expect(store.engines()).toEqual([]);
  });

  it('an unreadable file starts an empty list instead of failing the app', async () => {
    await writeFile(path.join(dir, URL_ENGINES_FILE), '{ not json');
    const store = await UrlEngineStore.open(dir);
    expect(store.engines()).toEqual([]);
    await store.add({ url: 'https://a.example' });
    expect(JSON.parse(await readFile(path.join(dir, URL_ENGINES_FILE), 'utf8'))).toEqual([
      { url: 'https://a.example', apiKey: null, concurrency: null },
    ]);
  });
});
