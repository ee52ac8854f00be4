/**
 * An in-memory double of `window.facecraft` for component and store tests: every method is a vi.fn
 * with a plausible answer, and `emit` pushes an event the way the main process would.
 */
import { vi } from 'vitest';
import type { BridgeEvents, EventName, FacecraftBridge } from '../../contract/bridge.ts';
import {
  type AddResult,
  DEFAULT_PROCESS_OPTIONS,
  type DockerState,
  type EngineState,
  type GpuCapability,
  type ImageKind,
  type QueueItem,
  type QueueItemResult,
  type QueueSnapshot,
  type Settings,
  STOPPED_ENGINE_STATE,
} from '../../contract/domain.ts';
import { PUBLISHED_ENGINE_REFERENCES } from '../../contract/engineChoices.ts';
import type { UrlEngineListing, UrlEngineReport } from '../../contract/engines.ts';
import type { SheetPaper } from '../../contract/printSheet.ts';
import { useEngineStore } from '../src/stores/useEngineStore.ts';
import { useQueueStore } from '../src/stores/useQueueStore.ts';
import { useSettingsStore } from '../src/stores/useSettingsStore.ts';
import { useUiStore } from '../src/stores/useUiStore.ts';
import { useUrlEnginesStore } from '../src/stores/useUrlEnginesStore.ts';
import { resetResultThumbnails } from '../src/thumbnails/resultThumbnails.ts';

export const READY_DOCKER: DockerState = {
  state: 'ready',
  message: 'Docker 20.10.24 is ready.',
  endpoint: 'unix:///var/run/docker.sock',
  endpointSource: 'default socket',
  version: '20.10.24',
  apiVersion: '1.41',
  os: 'linux',
};

export const STOPPED_DOCKER: DockerState = {
  ...READY_DOCKER,
  state: 'not-running',
  message:
    'Docker is installed but not running. Start Docker Desktop (or run "sudo systemctl start docker"), then press Retry.',
  version: null,
  apiVersion: null,
};

export const NO_GPU: GpuCapability = {
  usable: false,
  reason: 'No NVIDIA GPU is available to Docker: install the NVIDIA driver and the NVIDIA Container Toolkit.',
  hints: { nvidiaRuntime: false, cdiDevices: [], wsl2: false, verdict: 'unlikely' },
  checkedAt: 0,
};

export const STOPPED_ENGINE: EngineState = STOPPED_ENGINE_STATE;

export const READY_ENGINE: EngineState = {
  ...STOPPED_ENGINE,
  status: 'ready',
  device: 'cpu',
  reported: { type: 'cpu', name: null, version: '1.0.0' },
  url: 'http://127.0.0.1:49153',
  containerId: 'abc',
};

/** What app.info names as our engine (the main process derives it from the app's version). */
export const OWN_ENGINE_REFERENCES = {
  cpu: 'ghcr.io/facecraft-desktop/facecraft-engine:0.1.0-cpu',
  gpu: 'ghcr.io/facecraft-desktop/facecraft-engine:0.1.0-gpu',
};

export const SETTINGS: Settings = {
  outputDir: null,
  outputFormat: 'both',
  device: 'cpu',
  allowGpuFallback: true,
  imageSource: 'auto',
  askBeforeBuilding: false,
  imageRefs: { ...OWN_ENGINE_REFERENCES },
  options: DEFAULT_PROCESS_OPTIONS,
  keepRunning: false,
  documentId: null,
};

export function queueItem(n: number, patch: Partial<QueueItem> = {}): QueueItem {
  return {
    id: `item-${n}`,
    path: `/photos/photo-${n}.jpg`,
    name: `photo-${n}.jpg`,
    sizeBytes: 120_000,
    state: 'queued',
    error: null,
    attempts: 0,
    options: DEFAULT_PROCESS_OPTIONS,
    addedAt: n,
    startedAt: null,
    finishedAt: null,
    result: null,
    ...patch,
  };
}

/** A done item's result: a 200 px face in the photo, a 648 px portrait. */
export function queueResult(patch: Partial<QueueItemResult> = {}): QueueItemResult {
  return {
    pngPath: '/work/a.png',
    jpgPath: '/work/a.jpg',
    face: { x: 300, y: 200, width: 200, height: 200 },
    faceCount: 1,
    outputSize: { width: 648, height: 648 },
    processingMs: 2345,
    device: 'cpu',
    savedTo: [],
    ...patch,
  };
}

export function snapshotOf(items: QueueItem[], patch: Partial<QueueSnapshot> = {}): QueueSnapshot {
  const count = (...states: QueueItem['state'][]) => items.filter((i) => states.includes(i.state)).length;
  return {
    items,
    counts: {
      total: items.length,
      queued: count('queued'),
      active: count('uploading', 'processing'),
      done: count('done'),
      failed: count('failed'),
      cancelled: count('cancelled'),
    },
    etaSeconds: null,
    currentName: null,
    ...patch,
  };
}

type Listener = (payload: unknown) => void;

export function createFakeBridge() {
  const listeners = new Map<EventName, Set<Listener>>();
  let settings = SETTINGS;
  const bridge = {
    app: {
      info: vi.fn(async () => ({
        version: '0.1.0',
        platform: 'linux',
        electron: false,
        engineImages: { own: { ...OWN_ENGINE_REFERENCES }, published: { ...PUBLISHED_ENGINE_REFERENCES } },
      })),
    },
    docker: { state: vi.fn(async (_refresh?: boolean) => READY_DOCKER) },
    gpu: { capability: vi.fn(async (_refresh?: boolean) => NO_GPU) },
    images: {
      list: vi.fn(async () => []),
      prepare: vi.fn(async (device: 'cpu' | 'gpu') => ({
        device,
        reference: 'djok/facecraft:cpu',
        present: true,
        sizeBytes: 1,
        progress: null,
      })),
      cancel: vi.fn(async () => undefined),
    },
    engine: {
      state: vi.fn(async () => STOPPED_ENGINE),
      start: vi.fn(async (_device: 'cpu' | 'gpu', _source?: 'auto' | 'pull' | 'build') => READY_ENGINE),
      stop: vi.fn(async () => STOPPED_ENGINE),
      logs: vi.fn(async () => ['engine listening on :8000']),
    },
    engines: {
      list: vi.fn(async (): Promise<UrlEngineListing[]> => []),
      test: vi.fn(
        async (url: string): Promise<UrlEngineReport> => ({
          url,
          plainHttp: url.startsWith('http:'),
          kind: 'facecraft',
          version: '1.0.0',
          device: { type: 'cuda', name: 'NVIDIA L4', cuda_version: '12.4' },
          ready: true,
          unavailableOptions: {},
        }),
      ),
      add: vi.fn(
        async (
          url: string,
          apiKey: string | null,
          concurrency: number | null,
        ): Promise<UrlEngineListing[]> => [{ url, hasKey: apiKey !== null, concurrency }],
      ),
      remove: vi.fn(async (_url: string): Promise<UrlEngineListing[]> => []),
    },
    queue: {
      snapshot: vi.fn(async () => snapshotOf([])),
      add: vi.fn(async (_paths: string[]): Promise<AddResult> => ({ added: [], skipped: [] })),
      cancel: vi.fn(async (_ids?: string[]) => undefined),
      clear: vi.fn(async () => undefined),
      retry: vi.fn(async (_ids?: string[]) => undefined),
      rerun: vi.fn(async () => undefined),
      remove: vi.fn(async (_ids: string[]) => undefined),
      image: vi.fn(
        async (id: string, kind: ImageKind) =>
          `data:image/${kind === 'thumbnail' ? 'webp' : 'png'};base64,${btoa(`${id}-${kind}`)}`,
      ),
    },
    results: {
      save: vi.fn(async (ids: string[] | 'all', dir?: string) => ({
        saved: (ids === 'all' ? ['item-1'] : ids).map((id) => ({ id, paths: [`${dir}/${id}.png`] })),
        failed: [],
        dir: dir ?? '/out',
      })),
      chooseOutputDir: vi.fn(async () => {
        settings = { ...settings, outputDir: '/home/me/Portraits' };
        return '/home/me/Portraits';
      }),
      openFolder: vi.fn(async (_dir?: string) => undefined),
      startDrag: vi.fn(async (_id: string) => undefined),
      printSheet: vi.fn(
        async (_ids: string[] | 'all', paper: SheetPaper, copies: number | null, dir?: string) => ({
          paper,
          copies: copies ?? 6,
          jpg: `${dir ?? '/out'}/sheet-eu-passport-${paper}.jpg`,
          pdf: `${dir ?? '/out'}/sheet-eu-passport-${paper}.pdf`,
        }),
      ),
    },
    settings: {
      get: vi.fn(async () => settings),
      update: vi.fn(async (patch: Partial<Settings>) => {
        settings = { ...settings, ...patch };
        return settings;
      }),
    },
    dialogs: { pickPhotos: vi.fn(async () => ['/photos/picked.jpg']) },
    on: vi.fn(<E extends EventName>(event: E, listener: (payload: BridgeEvents[E]) => void) => {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      const untyped = listener as Listener;
      set.add(untyped);
      return () => {
        set.delete(untyped);
      };
    }),
    pathForFile: vi.fn((file: File) => `/dropped/${file.name}`),
  } satisfies FacecraftBridge;

  const emit = <E extends EventName>(event: E, payload: BridgeEvents[E]) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  return { bridge, emit };
}

export type FakeBridge = ReturnType<typeof createFakeBridge>;

/** A fresh bridge on window and fresh stores, so tests never leak into each other. */
export function installFakeBridge(): FakeBridge {
  useEngineStore.setState(useEngineStore.getInitialState(), true);
  useQueueStore.setState(useQueueStore.getInitialState(), true);
  useSettingsStore.setState(useSettingsStore.getInitialState(), true);
  useUiStore.setState(useUiStore.getInitialState(), true);
  useUrlEnginesStore.setState(useUrlEnginesStore.getInitialState(), true);
  resetResultThumbnails();
  const fake = createFakeBridge();
  (window as Window & { facecraft?: FacecraftBridge }).facecraft = fake.bridge;
  return fake;
}
