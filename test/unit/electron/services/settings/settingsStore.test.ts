import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../../../../contract/domain.ts';
import { DEFAULT_PROCESS_OPTIONS } from '../../../../../contract/domain.ts';
import { FacecraftError } from '../../../../../contract/errors.ts';
import { ownEngineReferences } from '../../../../../electron/services/docker/engineImages.ts';
import { SETTINGS_FILE, SettingsStore } from '../../../../../electron/services/settings/settingsStore.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fc-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('settings store', () => {
  it('starts from the defaults: CPU, our engine of this version (pulled, else built), default options, png, engine stopped on quit', async () => {
    const store = await SettingsStore.open(dir);
    expect(store.get()).toEqual({
      outputDir: null,
      outputFormat: 'png',
      device: 'cpu',
      allowGpuFallback: true,
      imageSource: 'auto',
      askBeforeBuilding: false,
      imageRefs: ownEngineReferences(),
      options: DEFAULT_PROCESS_OPTIONS,
      keepRunning: false,
      documentId: null,
    } satisfies Settings);
  });

  it('remembers a change across restarts and announces it', async () => {
    const store = await SettingsStore.open(dir);
    const seen: Settings[] = [];
    store.onChange((s) => seen.push(s));
    await store.update({
      outputDir: '/photos/out',
      device: 'gpu',
      options: { ...DEFAULT_PROCESS_OPTIONS, width: 600 },
    });
    expect(seen.at(-1)?.device).toBe('gpu');
    const reopened = await SettingsStore.open(dir);
    expect(reopened.get().outputDir).toBe('/photos/out');
    expect(reopened.get().device).toBe('gpu');
    expect(reopened.get().options.width).toBe(600);
  });

  it('rejects an invalid change with a sentence and keeps the old value', async () => {
    const store = await SettingsStore.open(dir);
    const error = await store
      .update({ options: { ...DEFAULT_PROCESS_OPTIONS, faceMargin: 3 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FacecraftError);
    expect((error as FacecraftError).code).toBe('invalid-argument');
    expect((error as FacecraftError).message).toMatch(/face margin/i);
    expect(store.get().options.faceMargin).toBe(0.3);
  });

  it('keeps the chosen document across restarts and refuses an id the documents table does not have', async () => {
    const store = await SettingsStore.open(dir);
    await store.update({ documentId: 'uk-passport' });
    expect((await SettingsStore.open(dir)).get().documentId).toBe('uk-passport');
    // Another change leaves the document as it was.
    await store.update({ device: 'gpu' });
    expect((await SettingsStore.open(dir)).get().documentId).toBe('uk-passport');

    const error = await store.update({ documentId: 'atlantis-passport' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FacecraftError);
    expect((error as FacecraftError).code).toBe('invalid-argument');
    expect((error as FacecraftError).message).toMatch(
      /^"atlantis-passport" is not a known document; choose one of eu-passport, uk-passport, .*custom\.$/,
    );
    expect(store.get().documentId).toBe('uk-passport');
    expect((await SettingsStore.open(dir)).get().documentId).toBe('uk-passport');

    await store.update({ documentId: null });
    expect((await SettingsStore.open(dir)).get().documentId).toBeNull();
  });

  it('falls back to the defaults on a corrupt file and keeps it as .bak', async () => {
    const file = path.join(dir, SETTINGS_FILE);
    await writeFile(file, '{"device": "gpu", oops');
    const store = await SettingsStore.open(dir);
    expect(store.get().device).toBe('cpu');
    expect(store.loadReport.backupPath).toBe(`${file}.bak`);
    expect(await readFile(`${file}.bak`, 'utf8')).toBe('{"device": "gpu", oops');
  });

  it('keeps the valid fields of a hand-edited file and defaults the rest', async () => {
    await writeFile(
      path.join(dir, SETTINGS_FILE),
      JSON.stringify({
        device: 'gpu',
        outputFormat: 'tiff',
        options: { width: 413, height: -5 },
        documentId: 'no-such-document',
      }),
    );
    const store = await SettingsStore.open(dir);
    expect(store.get().documentId).toBeNull();
    expect(store.get().device).toBe('gpu');
    expect(store.get().outputFormat).toBe('png');
    expect(store.get().options.width).toBe(413);
    expect(store.get().options.height).toBe(648);
  });
});
