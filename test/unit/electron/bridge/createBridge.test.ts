/**
 * Every channel has a handler and every handler a channel: proven by the compiler (the type checks
 * below fail `tsc -b test` when the contract and createBridge drift apart) and checked at runtime
 * through the real preload builder and IPC wiring. Electron cannot run here, so ipcMain/ipcRenderer
 * are stood in for by an in-memory channel table (the only mock; its name says so below).
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BRIDGE_METHODS,
  type BridgeHandlers,
  type FacecraftBridge,
  type MethodName,
  type Namespace,
} from '../../../../contract/bridge.ts';
import { findDocument } from '../../../../contract/documentGeometry.ts';
import { documentOptions } from '../../../../contract/documentProcessFields.ts';
import { DEFAULT_PROCESS_OPTIONS, type QueueItem, type Settings } from '../../../../contract/domain.ts';
import { PUBLISHED_ENGINE_REFERENCES } from '../../../../contract/engineChoices.ts';
import { type Bridge, createBridge } from '../../../../electron/bridge/createBridge.ts';
import type { DesktopShell } from '../../../../electron/bridge/desktopShell.ts';
import {
  forwardBridgeEvents,
  type IpcInvokeEvent,
  registerBridgeIpc,
} from '../../../../electron/main/ipc.ts';
import { buildFacecraftApi } from '../../../../electron/preload/facecraftApi.ts';
import { freePort } from '../../../support/dockerCommand.ts';
import { portraitAt } from '../../../support/documentPhotoFiles.ts';

// ---- compile-time proof -------------------------------------------------------------------------
type ContractChannels = { [N in Namespace]: `${N}.${MethodName<N>}` }[Namespace];
type Handlers = Bridge['handlers'];
type HandlerChannels = {
  [N in keyof Handlers & string]: `${N}.${keyof Handlers[N] & string}`;
}[keyof Handlers & string];
type ListedChannels = { [N in Namespace]: `${N}.${(typeof BRIDGE_METHODS)[N][number]}` }[Namespace];
type PreloadChannels = {
  [N in Namespace]: `${N}.${keyof FacecraftBridge[N] & string}`;
}[Namespace];

type MissingHandler = Exclude<ContractChannels, HandlerChannels>;
type HandlerWithoutChannel = Exclude<HandlerChannels, ContractChannels>;
type UnlistedChannel = Exclude<ContractChannels, ListedChannels>;
type PreloadMismatch =
  | Exclude<PreloadChannels, ContractChannels>
  | Exclude<ContractChannels, PreloadChannels>;
/** `never` exactly when the contract, the handlers, the lists and the preload name the same channels. */
type Drift = MissingHandler | HandlerWithoutChannel | UnlistedChannel | PreloadMismatch;
const noDrift: [Drift] extends [never] ? true : false = true;

// A handler object that lacks a method is not a BridgeHandlers (the compiler must refuse it).
type QueueWithoutAdd = Omit<BridgeHandlers['queue'], 'add'>;
function refusedByTheCompiler(queueWithoutAdd: QueueWithoutAdd): BridgeHandlers['queue'] {
  // @ts-expect-error queue.add is missing, so this is not the queue's handlers
  return queueWithoutAdd;
}
void refusedByTheCompiler;

// ---- runtime ------------------------------------------------------------------------------------
/** Stands in for Electron's ipcMain + ipcRenderer (Electron cannot run here): a channel table. */
function fakeElectronIpc(trustedUrl: string) {
  const handlers = new Map<string, (event: IpcInvokeEvent, ...args: unknown[]) => Promise<unknown>>();
  const subscribers = new Map<string, Set<(payload: unknown) => void>>();
  const ipcMain = {
    handle: (channel: string, fn: (event: IpcInvokeEvent, ...args: unknown[]) => Promise<unknown>) => {
      handlers.set(channel, fn);
    },
    removeHandler: (channel: string) => {
      handlers.delete(channel);
    },
  };
  const invokeFrom = (url: string) => async (channel: string, args: unknown[]) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    // Structured clone, as IPC does: only plain data crosses.
    return structuredClone(await handler({ senderFrame: { url, parent: null } }, ...structuredClone(args)));
  };
  const webContents = {
    send: (channel: string, payload: unknown) => {
      for (const fn of subscribers.get(channel) ?? []) fn(structuredClone(payload));
    },
    isDestroyed: () => false,
  };
  const transport = (url: string) => ({
    invoke: invokeFrom(url),
    subscribe: (channel: string, listener: (payload: unknown) => void) => {
      const set = subscribers.get(channel) ?? new Set();
      set.add(listener);
      subscribers.set(channel, set);
      return () => set.delete(listener);
    },
    pathForFile: () => '',
  });
  return { ipcMain, handlers, webContents, transport, trustedUrl };
}

const shell: DesktopShell = {
  pickPhotos: async () => [],
  chooseDirectory: async () => null,
  openPath: async () => undefined,
  startDrag: () => undefined,
};

let dataDir: string;
let bridge: Bridge;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'fc-bridge-'));
  bridge = await createBridge({
    dataDir,
    shell,
    engineContextDir: path.resolve(import.meta.dirname, '../../../../docker'),
    appVersion: '0.0.0-test',
    electron: false,
  });
});
afterAll(async () => {
  await bridge?.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

describe('bridge channels', () => {
  it('is proven complete by the compiler', () => {
    expect(noDrift).toBe(true);
  });

  it('has exactly the handlers the preload exposes, namespace by namespace', () => {
    const ipc = fakeElectronIpc('file:///app/index.html');
    const api = buildFacecraftApi(ipc.transport(ipc.trustedUrl)) as unknown as Record<string, unknown>;
    const handlerKeys = Object.fromEntries(
      Object.entries(bridge.handlers).map(([ns, group]) => [ns, Object.keys(group).sort()]),
    );
    const preloadKeys = Object.fromEntries(
      Object.keys(BRIDGE_METHODS).map((ns) => [ns, Object.keys(api[ns] as object).sort()]),
    );
    expect(preloadKeys).toEqual(handlerKeys);
    expect(Object.keys(api).sort()).toEqual([...Object.keys(BRIDGE_METHODS), 'on', 'pathForFile'].sort());
  });

  it('answers through preload → IPC → handlers, with errors that keep their code, and pushes events', async () => {
    const ipc = fakeElectronIpc('file:///app/index.html');
    registerBridgeIpc(ipc.ipcMain, bridge.handlers, (e) => e.senderFrame?.url === ipc.trustedUrl);
    const off = forwardBridgeEvents(bridge, () => ipc.webContents);
    const facecraft = buildFacecraftApi(ipc.transport(ipc.trustedUrl));
    const stranger = buildFacecraftApi(ipc.transport('https://evil.example/'));

    expect((await facecraft.app.info()).version).toBe('0.0.0-test');
    // The engine setup's "original image" choice takes its references from here.
    expect((await facecraft.app.info()).engineImages.published).toEqual(PUBLISHED_ENGINE_REFERENCES);
    expect((await facecraft.settings.get()).device).toBe('cpu');

    const seen: Settings[] = [];
    const unsubscribe = facecraft.on('settings', (s) => seen.push(s));
    await facecraft.settings.update({ keepRunning: true });
    expect(seen.at(-1)?.keepRunning).toBe(true);
    unsubscribe();
    await facecraft.settings.update({ keepRunning: false });
    expect(seen).toHaveLength(1);

    const missing = path.join(dataDir, 'no-such-photo.jpg');
    const added = await facecraft.queue.add([missing]);
    expect(added.added).toEqual([]);
    expect(added.skipped[0]?.reason).toMatch(/could not be read/);

    await expect(facecraft.engine.start('tpu' as 'cpu')).rejects.toMatchObject({
      name: 'FacecraftError',
      code: 'invalid-argument',
      message: 'The device must be cpu or gpu.',
    });
    await expect(facecraft.queue.image('not-an-item', 'original')).rejects.toMatchObject({
      code: 'invalid-argument',
    });
    await expect(stranger.settings.get()).rejects.toMatchObject({
      message: 'Refused a request from an unknown page.',
    });
    off();
  });

  it('engines.add tests the engine first: where nothing answers it is refused with the sentence and not saved', async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const seen: unknown[] = [];
    const off = bridge.subscribe((event, payload) => {
      if (event === 'urlEngines') seen.push(payload);
    });
    await expect(bridge.handlers.engines.add(nowhere, 'a-key', null)).rejects.toMatchObject({
      code: 'engine-unreachable',
      message: expect.stringMatching(new RegExp(`^Nothing answers at ${nowhere}`)),
    });
    await expect(bridge.handlers.engines.add('gpu-server', null, null)).rejects.toMatchObject({
      code: 'invalid-argument',
    });
    expect(await bridge.handlers.engines.list()).toEqual([]);
    expect(await bridge.handlers.engines.remove(nowhere)).toEqual([]);
    expect(seen).toEqual([[]]);
    off();
  });
});

/** The app on `dir` with no Docker to reach (its socket is a path where nothing listens). */
function dockerlessBridge(dir: string): Promise<Bridge> {
  return createBridge({
    dataDir: dir,
    shell,
    engineContextDir: path.resolve(import.meta.dirname, '../../../../docker'),
    appVersion: '0.0.0-test',
    electron: false,
    env: { DOCKER_HOST: `unix://${path.join(dir, 'no-docker.sock')}` },
    homeDir: dir,
  });
}

describe('engine.start', () => {
  it('keeps the device and image source chosen to start as the settings, even when Docker is down', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fc-bridge-start-'));
    const dockerless = await dockerlessBridge(dir);
    try {
      await expect(dockerless.handlers.engine.start('cpu', 'build')).rejects.toMatchObject({
        code: 'docker-not-running',
      });
      expect((await dockerless.handlers.settings.get()).imageSource).toBe('build');
      // Main says why, in its engine state: the page shows that, it keeps no failure of its own.
      const state = await dockerless.handlers.engine.state();
      expect(state.status).toBe('error');
      expect(state.error?.message).toMatch(/Docker is not running/);
      await expect(dockerless.handlers.engine.start('cpu', 'sideways' as 'auto')).rejects.toMatchObject({
        code: 'invalid-argument',
        message: 'The image source must be auto, pull or build.',
      });
      expect((await dockerless.handlers.settings.get()).imageSource).toBe('build');
    } finally {
      await dockerless.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('results.printSheet', () => {
  /** A done item whose result files (a real portrait at `width` × `height`) lie in the data folder. */
  async function doneItem(dir: string, n: number, width: number, height: number): Promise<QueueItem> {
    // As the engine delivers them: a transparent PNG, and the JPG on the chosen background.
    const pngPath = path.join(dir, 'work', `result-${n}.png`);
    const jpgPath = path.join(dir, 'work', `result-${n}.jpg`);
    const clear = { r: 0, g: 0, b: 0, alpha: 0 };
    await writeFile(
      pngPath,
      await sharp({ create: { width, height, channels: 4, background: clear } })
        .png()
        .toBuffer(),
    );
    await writeFile(
      jpgPath,
      await sharp(await portraitAt(width, height))
        .jpeg()
        .toBuffer(),
    );
    const uk = findDocument('uk-passport')!;
    return {
      id: `item-${n}`,
      path: `/photos/photo-${n}.jpg`,
      name: `photo-${n}.jpg`,
      sizeBytes: 1000,
      state: 'done',
      error: null,
      attempts: 1,
      options: width === 413 ? documentOptions(uk, DEFAULT_PROCESS_OPTIONS) : DEFAULT_PROCESS_OPTIONS,
      addedAt: n,
      startedAt: n,
      finishedAt: n,
      result: {
        pngPath,
        jpgPath,
        face: null,
        faceCount: 1,
        outputSize: { width, height },
        processingMs: 1,
        device: 'cpu',
        savedTo: [],
      },
    };
  }

  it('lays out the done results made for the chosen document: the UK passport as many as fit, JPG and PDF', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fc-bridge-sheet-'));
    await mkdir(path.join(dir, 'work'));
    const out = path.join(dir, 'out');
    await mkdir(out);
    const items = [await doneItem(dir, 1, 413, 531), await doneItem(dir, 2, 648, 648)];
    await writeFile(path.join(dir, 'queue.json'), JSON.stringify({ version: 1, items }));
    const app = await dockerlessBridge(dir);
    try {
      await expect(app.handlers.results.printSheet('all', '4x6', null, out)).rejects.toMatchObject({
        code: 'invalid-argument',
        message: 'Choose a document first: a print sheet lays out its photos at that document’s size.',
      });
      await app.handlers.settings.update({ documentId: 'uk-passport' });
      // The 648 × 648 result was not made for the passport: printed at its dpi it would be 55 mm wide.
      await expect(app.handlers.results.printSheet(['item-2'], '4x6', null, out)).rejects.toMatchObject({
        message:
          'None of these results was made for United Kingdom — Passport (35 × 45 mm): process them again with it chosen.',
      });
      const files = await app.handlers.results.printSheet('all', '4x6', null, out);
      expect(files).toEqual({
        paper: '4x6',
        copies: 6,
        jpg: path.join(out, 'sheet-uk-passport-4x6.jpg'),
        pdf: path.join(out, 'sheet-uk-passport-4x6.pdf'),
      });
      expect(await sharp(files.jpg).metadata()).toMatchObject({ width: 1200, height: 1800, density: 300 });
      // The copies are the photo on its background, not a transparent PNG printed as white paper.
      const { channels } = await sharp(files.jpg).stats();
      expect(channels[0]!.mean).toBeLessThan(200);
      await expect(app.handlers.results.printSheet(['item-1'], '4x6', 7, out)).rejects.toMatchObject({
        code: 'sheet-full',
        message: 'Only 6 of 7 copies fit on 10 × 15 cm (4 × 6 in): ask for fewer copies or use A4.',
      });
      expect((await readdir(out)).sort()).toEqual(['sheet-uk-passport-4x6.jpg', 'sheet-uk-passport-4x6.pdf']);
    } finally {
      await app.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
