/**
 * The whole app behind `window.facecraft`: settings, the Docker services, the engine and the job queue,
 * composed into the contract's BridgeHandlers (a missing handler is a compile error) plus one event
 * stream. Electron's main process, the browser test harness and the CLI all build on this.
 */
import os from 'node:os';
import path from 'node:path';
import type { BridgeEvents, BridgeHandlers, EventName } from '../../contract/bridge.ts';
import { documentPixels, findDocument } from '../../contract/documentGeometry.ts';
import { type Device, IMAGE_KINDS, type QueueItem } from '../../contract/domain.ts';
import { FacecraftError } from '../../contract/errors.ts';
import { isSheetPaper } from '../../contract/printSheet.ts';
import { createDockerServices, engineImageChoices } from '../services/docker/index.ts';
import { documentSaver } from '../services/documents/documentSaver.ts';
import { writeSheet } from '../services/documents/writeSheet.ts';
import { probeUrlEngine } from '../services/engines/probeUrlEngine.ts';
import { saveResults } from '../services/files/saveResults.ts';
import { EnginePool, type PoolMember } from '../services/jobQueue/enginePool.ts';
import { JobQueue } from '../services/jobQueue/jobQueue.ts';
import { ManagedQueueEngine } from '../services/jobQueue/managedEngine.ts';
import { localEngineStopped, localPoolMember, urlPoolMember } from '../services/jobQueue/poolMembers.ts';
import { Listeners } from '../services/listeners.ts';
import { SettingsStore } from '../services/settings/settingsStore.ts';
import { UrlEngineStore } from '../services/settings/urlEngineStore.ts';
import type { DesktopShell } from './desktopShell.ts';

export interface BridgeOptions {
  /** Settings, the queue file and the work folder with results live here. */
  dataDir: string;
  shell: DesktopShell;
  /** The bundled docker/ folder, for building the engine image. */
  engineContextDir: string;
  appVersion: string;
  electron: boolean;
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  /** Photos in flight per engine variant (default cpu 2, gpu 3). */
  concurrency?: Partial<Record<Device, number>>;
  /** How long dispose() waits for the engine to stop (default 20 s). */
  disposeTimeoutMs?: number;
}

export type BridgeListener = <E extends EventName>(event: E, payload: BridgeEvents[E]) => void;

export interface Bridge {
  handlers: BridgeHandlers;
  subscribe(listener: BridgeListener): () => void;
  dispose(): Promise<void>;
}

const DEFAULT_CONCURRENCY: Record<Device, number> = { cpu: 2, gpu: 3 };

export async function createBridge(options: BridgeOptions): Promise<Bridge> {
  // A closed window must not break the services: Listeners swallows a listener's throw.
  const listeners = new Listeners<{ event: EventName; payload: BridgeEvents[EventName] }>();
  const emit = <E extends EventName>(event: E, payload: BridgeEvents[E]): void =>
    listeners.emit({ event, payload });

  const settings = await SettingsStore.open(options.dataDir);
  const env = options.env ?? process.env;
  const docker = createDockerServices({
    contextDir: options.engineContextDir,
    settings: () => settings.get(),
    connection: {
      environment: {
        env,
        homeDir: options.homeDir ?? env.HOME ?? env.USERPROFILE ?? os.homedir(),
        platform: process.platform,
      },
    },
  });
  const concurrency = { ...DEFAULT_CONCURRENCY, ...options.concurrency };
  const urlEngines = await UrlEngineStore.open(options.dataDir);
  // One queue over the local engine and every URL engine added in the Engines view.
  const local = localPoolMember(
    new ManagedQueueEngine(docker.engine, () => settings.get().device),
    () => concurrency[docker.engine.state.device ?? settings.get().device],
  );
  const poolMembers = (): PoolMember[] => [local, ...urlEngines.engines().map((e) => urlPoolMember(e))];
  const pool = new EnginePool(poolMembers());
  const queue = await JobQueue.open({
    dataDir: options.dataDir,
    engine: pool,
    defaultOptions: () => settings.get().options,
  });

  const unsubscribers = [
    docker.docker.onState((s) => emit('dockerState', s)),
    docker.gpu.onChange((c) => emit('gpuCapability', c)),
    docker.images.onProgress((p) => emit('imageProgress', p)),
    docker.engine.onState((s) => {
      emit('engineState', s);
      // Queued photos waiting for an engine continue as soon as one is ready.
      if (s.status === 'ready') queue.resume();
    }),
    docker.engine.onLog((l) => emit('engineLog', l)),
    queue.onSnapshot((s) => emit('queue', s)),
    settings.onChange((s) => emit('settings', s)),
    urlEngines.onChange(() => {
      pool.update(poolMembers());
      emit('urlEngines', urlEngines.listing());
    }),
  ];
  docker.docker.watch();

  const outputDir = (dir: string | undefined): string => {
    const chosen = dir ?? settings.get().outputDir;
    if (!chosen) throw new FacecraftError('invalid-argument', 'Choose an output folder first.');
    return path.resolve(chosen);
  };
  /** The items `ids` names, or every done one. */
  const resultItems = (ids: string[] | 'all'): QueueItem[] =>
    queue
      .snapshot()
      .items.filter((i) => (ids === 'all' ? i.state === 'done' : assertStrings(ids, 'ids').includes(i.id)));
  const chosenDocument = () => {
    const documentId = settings.get().documentId;
    return documentId ? findDocument(documentId) : null;
  };

  const handlers: BridgeHandlers = {
    app: {
      info: () => ({
        version: options.appVersion,
        platform: process.platform,
        electron: options.electron,
        engineImages: engineImageChoices(),
      }),
    },
    docker: {
      state: (refresh) =>
        refresh || docker.docker.state.state === 'checking' ? docker.docker.check() : docker.docker.state,
    },
    gpu: {
      capability: (refresh) => docker.gpu.check(refresh ?? false),
    },
    images: {
      list: () => docker.images.list(),
      prepare: (device, source) => docker.images.prepare(assertDevice(device), source),
      cancel: (device) => docker.images.cancel(assertDevice(device)),
    },
    engine: {
      state: () => docker.engine.state,
      start: async (device, source) => {
        // The choice made to start is the setting: the next start (and a restart when Docker returns) uses it.
        const chosen = { device: assertDevice(device), imageSource: source ?? settings.get().imageSource };
        const current = settings.get();
        if (current.device !== chosen.device || current.imageSource !== chosen.imageSource)
          await settings.update(chosen);
        return docker.engine.start(chosen.device);
      },
      stop: () => {
        // Photos in flight there, and those still queued, wait (or go to other engines) instead of starting it again.
        pool.hold(local.ref.id, localEngineStopped());
        return docker.engine.stop();
      },
      logs: () => docker.engine.logs(),
    },
    engines: {
      list: () => urlEngines.listing(),
      test: (url, apiKey) => probeUrlEngine(assertString(url, 'url'), optionalKey(apiKey)),
      add: async (url, apiKey, engineConcurrency) => {
        // Tested on the spot: an engine that cannot take photos is refused with its sentence.
        const report = await probeUrlEngine(assertString(url, 'url'), optionalKey(apiKey));
        await urlEngines.add({
          url: report.url,
          apiKey: optionalKey(apiKey),
          concurrency: engineConcurrency ?? null,
        });
        queue.resume();
        return urlEngines.listing();
      },
      remove: async (url) => {
        await urlEngines.remove(assertString(url, 'url'));
        return urlEngines.listing();
      },
    },
    queue: {
      snapshot: () => queue.snapshot(),
      add: (paths) => queue.add(assertStrings(paths, 'paths')),
      cancel: (ids) => queue.cancel(ids === undefined ? undefined : assertStrings(ids, 'ids')),
      clear: () => queue.clear(),
      retry: (ids) => queue.retry(ids === undefined ? undefined : assertStrings(ids, 'ids')),
      rerun: (id, processOptions) => queue.rerun(assertString(id, 'id'), processOptions),
      remove: (ids) => queue.remove(assertStrings(ids, 'ids')),
      image: (id, kind) => {
        if (!IMAGE_KINDS.includes(kind))
          throw new FacecraftError(
            'invalid-argument',
            `An image is one of ${IMAGE_KINDS.join(', ')}; "${String(kind)}" is not.`,
          );
        return queue.imageDataUrl(assertString(id, 'id'), kind);
      },
    },
    results: {
      save: async (ids, dir) => {
        const target = outputDir(dir);
        const items = resultItems(ids);
        // With a document chosen, every file is written for it (its resolution, its upload limit),
        // as the grid judges every result against it.
        const doc = chosenDocument();
        const encode = doc ? documentSaver(doc).encode : undefined;
        const result = await saveResults(items, target, settings.get().outputFormat, encode);
        for (const saved of result.saved) queue.markSaved(saved.id, saved.paths);
        return result;
      },
      chooseOutputDir: async () => {
        const dir = await options.shell.chooseDirectory(settings.get().outputDir ?? undefined);
        if (dir) await settings.update({ outputDir: dir });
        return dir;
      },
      openFolder: (dir) => options.shell.openPath(outputDir(dir)),
      startDrag: (id) => {
        const item = queue.item(assertString(id, 'id'));
        if (!item?.result)
          throw new FacecraftError('invalid-argument', 'That photo has no result to drag yet.');
        options.shell.startDrag(
          settings.get().outputFormat === 'jpg' ? item.result.jpgPath : item.result.pngPath,
        );
      },
      printSheet: async (ids, paper, copies, dir) => {
        const doc = chosenDocument();
        if (!doc)
          throw new FacecraftError(
            'invalid-argument',
            'Choose a document first: a print sheet lays out its photos at that document’s size.',
          );
        if (!isSheetPaper(paper))
          throw new FacecraftError('invalid-argument', 'A print sheet is on 4x6 or a4 paper.');
        const done = resultItems(ids).filter((i) => i.state === 'done' && i.result);
        // A result framed for another size would print at the wrong size: left out, and said so.
        const fitting = done.filter((i) => {
          const want = documentPixels(doc, i.options);
          return i.result!.outputSize.width === want.width && i.result!.outputSize.height === want.height;
        });
        if (fitting.length === 0)
          throw new FacecraftError(
            'invalid-argument',
            done.length === 0
              ? 'None of these photos has a result to print yet.'
              : `None of these results was made for ${doc.country} — ${doc.name}: process them again with it chosen.`,
          );
        // The JPG carries the chosen background; the PNG may be transparent, which would print white.
        return writeSheet(
          fitting.map((i) => i.result!.jpgPath),
          doc,
          paper,
          sheetCopies(copies),
          outputDir(dir),
        );
      },
    },
    settings: {
      get: () => settings.get(),
      update: (patch) => settings.update(patch),
    },
    dialogs: {
      pickPhotos: () => options.shell.pickPhotos(),
    },
  };

  let disposing: Promise<void> | null = null;
  const bridge: Bridge = {
    handlers,
    subscribe(listener) {
      return listeners.on(({ event, payload }) => listener(event, payload));
    },
    dispose() {
      disposing ??= (async () => {
        for (const off of unsubscribers) off();
        listeners.clear();
        await queue.dispose();
        await withTimeout(
          docker.dispose({ keepRunning: settings.get().keepRunning }),
          options.disposeTimeoutMs ?? 20_000,
        ).catch(() => undefined);
      })();
      return disposing;
    },
  };
  return bridge;
}

function assertDevice(device: unknown): Device {
  if (device !== 'cpu' && device !== 'gpu')
    throw new FacecraftError('invalid-argument', 'The device must be cpu or gpu.');
  return device;
}

function assertString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new FacecraftError('invalid-argument', `${name} must be a non-empty string.`);
  return value;
}

function optionalKey(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  return assertString(value, 'apiKey');
}

function sheetCopies(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    throw new FacecraftError('invalid-argument', 'Copies must be a whole number from 1.');
  return value;
}

function assertStrings(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw new FacecraftError('invalid-argument', `${name} must be a list of strings.`);
  return value;
}

/** Quitting must never hang on a daemon that does not answer. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FacecraftError('internal', `Gave up waiting after ${ms} ms.`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
