/**
 * The one typed bridge between the renderer and the main process: `window.facecraft`.
 * Channel names are derived from this file (channelName), never written out elsewhere.
 * Every payload is JSON-serialisable (IPC and Playwright bindings carry only that).
 */
import type {
  AddResult,
  AppInfo,
  Device,
  DockerState,
  EngineState,
  GpuCapability,
  ImageKind,
  ImageProgress,
  ImageSource,
  ImageStatus,
  ProcessOptions,
  QueueSnapshot,
  SaveResult,
  Settings,
} from './domain.ts';
import type { UrlEngineListing, UrlEngineReport } from './engines.ts';
import type { SheetFiles, SheetPaper } from './printSheet.ts';

/** Request/response methods, grouped by service. Each answers a Promise on the renderer side. */
export interface BridgeMethods {
  app: {
    info(): AppInfo;
  };
  docker: {
    /** refresh: probe the daemon again instead of answering the last known state. */
    state(refresh?: boolean): DockerState;
  };
  gpu: {
    capability(refresh?: boolean): GpuCapability;
  };
  images: {
    list(): ImageStatus[];
    /** Pull or build the variant; progress arrives as `imageProgress` events. */
    prepare(device: Device, source: ImageSource): ImageStatus;
    cancel(device: Device): void;
  };
  engine: {
    state(): EngineState;
    /**
     * Ensures the image, starts the container and waits for /ready. The device (and the image source,
     * when given) become the settings. With the other variant running this switches: the new one is
     * ready before the old one stops, and the queue keeps going. The launcher remembers that an engine
     * is wanted, and brings it back when Docker returns, until stop().
     */
    start(device: Device, source?: ImageSource): EngineState;
    stop(): EngineState;
    logs(): string[];
  };
  /** Engines someone else runs (a GPU server, a Kubernetes service): never started or stopped by the app. */
  engines: {
    /** The URL engines added, without their keys (how each one fares is in the queue snapshot's `engines`). */
    list(): UrlEngineListing[];
    /** Tests an engine URL with its key on the spot (reachable, key accepted, kind, device, version); saves nothing. */
    test(url: string, apiKey: string | null): UrlEngineReport;
    /** Tests it, then adds it (or replaces the one at that address); the queue spreads photos over it from then on. */
    add(url: string, apiKey: string | null, concurrency: number | null): UrlEngineListing[];
    remove(url: string): UrlEngineListing[];
  };
  queue: {
    snapshot(): QueueSnapshot;
    /** Files and folders (recursively); non-images are reported as skipped. */
    add(paths: string[]): AddResult;
    cancel(ids?: string[]): void;
    clear(): void;
    retry(ids?: string[]): void;
    /** Process one item again with other options (e.g. a new background colour). */
    rerun(id: string, options: ProcessOptions): void;
    remove(ids: string[]): void;
    /** A data: URL of the original photo, the PNG result or its thumbnail (IMAGE_KINDS), for display. */
    image(id: string, kind: ImageKind): string;
  };
  results: {
    /** Saves results to dir (default: settings.outputDir), never overwriting. */
    save(ids: string[] | 'all', dir?: string): SaveResult;
    /** Opens a folder chooser; remembers the choice in settings. null when cancelled. */
    chooseOutputDir(): string | null;
    openFolder(dir?: string): void;
    /** Starts a native drag of the result file out of the window. */
    startDrag(id: string): void;
    /**
     * Lays out done results (by id, or all done) made for the chosen document on a print sheet, `copies`
     * of each (null: as many as fit), and writes it as JPG and PDF to dir (default: settings.outputDir).
     * Throws `sheet-full` with the layout's sentence when the copies asked for do not fit.
     */
    printSheet(ids: string[] | 'all', paper: SheetPaper, copies: number | null, dir?: string): SheetFiles;
  };
  settings: {
    get(): Settings;
    update(patch: Partial<Settings>): Settings;
  };
  dialogs: {
    /** Native file picker for photos; answers absolute paths. */
    pickPhotos(): string[];
  };
}

/** Events pushed from main to the renderer. */
export interface BridgeEvents {
  dockerState: DockerState;
  gpuCapability: GpuCapability;
  imageProgress: ImageProgress;
  engineState: EngineState;
  engineLog: { line: string; at: number };
  queue: QueueSnapshot;
  settings: Settings;
  urlEngines: UrlEngineListing[];
}

export type Namespace = keyof BridgeMethods;
export type MethodName<N extends Namespace> = keyof BridgeMethods[N] & string;
export type EventName = keyof BridgeEvents;

type Promisified<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never;
};

/** What the preload exposes as `window.facecraft`. */
export type FacecraftBridge = { [N in Namespace]: Promisified<BridgeMethods[N]> } & {
  on<E extends EventName>(event: E, listener: (payload: BridgeEvents[E]) => void): () => void;
  /** Absolute path of a dropped File (Electron's webUtils.getPathForFile); '' when unknown. */
  pathForFile(file: File): string;
};

/** What the main process implements: the same methods, sync or async. */
export type BridgeHandlers = {
  [N in Namespace]: {
    [M in keyof BridgeMethods[N]]: BridgeMethods[N][M] extends (...args: infer A) => infer R
      ? (...args: A) => R | Promise<R>
      : never;
  };
};

/** Every method of every namespace, listed once; the preload and main iterate this. */
export const BRIDGE_METHODS = {
  app: ['info'],
  docker: ['state'],
  gpu: ['capability'],
  images: ['list', 'prepare', 'cancel'],
  engine: ['state', 'start', 'stop', 'logs'],
  engines: ['list', 'test', 'add', 'remove'],
  queue: ['snapshot', 'add', 'cancel', 'clear', 'retry', 'rerun', 'remove', 'image'],
  results: ['save', 'chooseOutputDir', 'openFolder', 'startDrag', 'printSheet'],
  settings: ['get', 'update'],
  dialogs: ['pickPhotos'],
} as const satisfies { [N in Namespace]: readonly MethodName<N>[] };

export const BRIDGE_EVENTS = [
  'dockerState',
  'gpuCapability',
  'imageProgress',
  'engineState',
  'engineLog',
  'queue',
  'settings',
  'urlEngines',
] as const satisfies readonly EventName[];

// Compile-time proof that the lists above name every method and event (a missing one makes these `never` fail).
type Listed<N extends Namespace> = (typeof BRIDGE_METHODS)[N][number];
type Unlisted = { [N in Namespace]: Exclude<MethodName<N>, Listed<N>> }[Namespace];
type UnlistedEvents = Exclude<EventName, (typeof BRIDGE_EVENTS)[number]>;
export const bridgeListsAreComplete: [Unlisted, UnlistedEvents] extends [never, never] ? true : false = true;

export function channelName(namespace: string, method: string): string {
  return `facecraft:${namespace}.${method}`;
}

export function eventChannelName(event: EventName): string {
  return `facecraft:event.${event}`;
}

declare global {
  interface Window {
    facecraft: FacecraftBridge;
  }
}
