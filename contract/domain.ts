/** Domain types shared by the launcher services (electron/) and the app (renderer/). All plain JSON data. */
import type { PortraitMeasurements, PortraitTransform } from '../docker/api/portraitGeometry.ts';
import type { FaceBox } from './engineApi.ts';
import type { EngineImageChoices } from './engineChoices.ts';
import type { EngineActivity, EngineRef } from './engines.ts';
import type { BridgeError } from './errors.ts';
import type { OutputFormat, ProcessOptions } from './processOptions.ts';

export {
  DEFAULT_PROCESS_OPTIONS,
  type OutputFormat,
  type ProcessOptions,
  SIZE_PRESETS,
  type SizePreset,
} from './processOptions.ts';

export type Device = 'cpu' | 'gpu';
/** auto: pull our image, and build it from the bundled docker/ folder when it cannot be pulled. */
export type ImageSource = 'auto' | 'pull' | 'build';

export type DockerStateKind =
  | 'checking'
  | 'not-installed'
  | 'not-running'
  | 'permission-denied'
  | 'unsupported-version'
  | 'ready';

export interface DockerState {
  state: DockerStateKind;
  /** What the user should do (or, when ready, a one-line summary). */
  message: string;
  /** e.g. unix:///var/run/docker.sock; null when none could be resolved. */
  endpoint: string | null;
  /** How the endpoint was found: DOCKER_HOST, context NAME, or a default socket. */
  endpointSource: string | null;
  version: string | null;
  apiVersion: string | null;
  os: string | null;
}

export interface GpuHints {
  nvidiaRuntime: boolean;
  cdiDevices: string[];
  wsl2: boolean;
  /** What the hints alone suggest; only the probe is proof. */
  verdict: 'likely' | 'maybe' | 'unlikely';
}

export interface GpuCapability {
  usable: boolean;
  /** A sentence: why not, and what to install; or what was found. */
  reason: string;
  hints: GpuHints;
  checkedAt: number;
}

export type ImagePhase =
  | 'idle'
  | 'resolving'
  | 'downloading'
  | 'extracting'
  | 'building'
  | 'done'
  | 'failed'
  | 'cancelled';

export interface ImageProgress {
  device: Device;
  kind: 'pull' | 'build';
  reference: string;
  phase: ImagePhase;
  /** One sentence on why this happens, e.g. a build because the download was refused. */
  note?: string | null;
  /** Bytes for pulls; for builds, steps done (currentBytes) of totalBytes steps. */
  currentBytes: number;
  totalBytes: number;
  step: { n: number; m: number } | null;
  /** Last log line (builds) or status text (pulls). */
  message: string | null;
  etaSeconds: number | null;
  error: BridgeError | null;
  startedAt: number;
}

export interface ImageStatus {
  device: Device;
  reference: string;
  present: boolean;
  sizeBytes: number | null;
  /** Progress of a pull/build under way or just finished, replayed to views opened later. */
  progress: ImageProgress | null;
}

export type EngineStatus = 'stopped' | 'starting' | 'ready' | 'stopping' | 'error';

export interface EngineState {
  status: EngineStatus;
  /** The variant whose container serves (or is starting). */
  device: Device | null;
  /** What the engine itself reports in /status: the truth about where inference runs. */
  reported: {
    type: 'cpu' | 'cuda';
    name: string | null;
    version: string | null;
  } | null;
  /** Set when GPU was asked for and the launcher fell back to CPU. */
  fallback: { from: Device; reason: string } | null;
  url: string | null;
  containerId: string | null;
  error: BridgeError | null;
  /** Last log lines of a failed start. */
  logTail: string[];
  /** Which engine serves and what it cannot do; null until one is ready. */
  engine?: EngineIdentity | null;
}

/** Ours (docker/) or the published djok/facecraft image (an unknown image counts as published). */
export type EngineKind = 'facecraft-desktop' | 'published';

export interface EngineIdentity {
  kind: EngineKind;
  /** e.g. "the published Facecraft image". */
  title: string;
  /** Form fields (docker/api/processFields.ts names) this engine cannot honour, each with the reason. */
  unavailableOptions: Record<string, string>;
  /** False for the published image with the oval off: its PNG is made from the JPG (background colour, no transparency). */
  transparentPngWithoutOval: boolean;
}

/** The engine before any start, and after a stop. */
export const STOPPED_ENGINE_STATE: EngineState = {
  status: 'stopped',
  device: null,
  reported: null,
  fallback: null,
  url: null,
  containerId: null,
  error: null,
  logTail: [],
};

export interface Settings {
  /** Where "save" writes; null until the user chooses one. */
  outputDir: string | null;
  outputFormat: OutputFormat;
  device: Device;
  /** Use CPU when GPU was chosen but is not usable. */
  allowGpuFallback: boolean;
  imageSource: ImageSource;
  /** With imageSource 'auto': ask before building when the pull failed (default false: build at once). */
  askBeforeBuilding: boolean;
  imageRefs: Record<Device, string>;
  options: ProcessOptions;
  /** Keep the engine container running after the app quits. */
  keepRunning: boolean;
  /** The document photos are framed and judged for (an id of contract/documents.ts); null: none. */
  documentId: string | null;
}

/**
 * What a result keeps of the engine's measurements: everything the app shows and judges by. The 68
 * landmarks stay with the engine's answer: nothing here draws them, and in a batch of a thousand
 * they were most of every queue snapshot.
 */
export type ResultMeasurements = Omit<PortraitMeasurements, 'landmarks'>;

export type QueueItemState = 'queued' | 'uploading' | 'processing' | 'done' | 'failed' | 'cancelled';

export interface QueueItemResult {
  /** Result files in the app's work folder (not yet saved by the user). */
  pngPath: string;
  jpgPath: string;
  face: FaceBox | null;
  faceCount: number;
  /** False when the engine that made it does not count faces (the published image always says 1). */
  faceCountKnown?: false;
  outputSize: { width: number; height: number };
  processingMs: number;
  /** Device type the engine reported for this result. */
  device: 'cpu' | 'cuda';
  /** Which engine made it, when the queue runs over several (absent for older results). */
  engine?: EngineRef;
  /** 'filled': the PNG has the background colour, not transparency (made from the engine's JPG). */
  pngBackground?: 'transparent' | 'filled';
  /** Where the user saved it, newest last. */
  savedTo: string[];
  /**
   * The geometry our engine applied (upright source → portrait). Absent for the published image and for
   * results made before it existed: the compare view then derives an approximate framing.
   */
  transform?: PortraitTransform | null;
  /** What our engine measured on the portrait (head, eyes, roll); null or absent from the published image. */
  measurements?: ResultMeasurements | null;
  /**
   * A small WebP preview of the result in the work folder (at most THUMBNAIL_SIDE px), made once in the
   * main process when the result arrives. The page asks for it once per result (queue.image(id,
   * 'thumbnail')): a picture in every snapshot would make each one cost megabytes in a large batch.
   * Absent for older results: it is then made when first asked for.
   */
  thumbnailPath?: string | null;
}

/** The long side of a result's thumbnail, in pixels (two grid columns' worth on a HiDPI screen). */
export const THUMBNAIL_SIDE = 256;

/** The pictures of an item the page can ask for: the photo, the PNG result, or the result's thumbnail. */
export const IMAGE_KINDS = ['original', 'result', 'thumbnail'] as const;
export type ImageKind = (typeof IMAGE_KINDS)[number];
/** The full-size pictures (the compare view shows them; the page shrinks them itself where it must). */
export type FullPictureKind = Exclude<ImageKind, 'thumbnail'>;

export interface QueueItem {
  id: string;
  path: string;
  name: string;
  sizeBytes: number;
  state: QueueItemState;
  error: BridgeError | null;
  attempts: number;
  options: ProcessOptions;
  addedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  result: QueueItemResult | null;
}

export interface QueueCounts {
  total: number;
  queued: number;
  active: number;
  done: number;
  failed: number;
  cancelled: number;
}

export interface QueueSnapshot {
  items: QueueItem[];
  counts: QueueCounts;
  /** Seconds left at the current pace; null when unknown. */
  etaSeconds: number | null;
  /** The item being worked on, for "19/50 — current file". */
  currentName: string | null;
  /**
   * Why queued photos are not moving: no engine could be had (Docker stopped, image missing…).
   * They stay queued and continue once the engine is started. Absent or null when work flows.
   */
  blocked?: BridgeError | null;
  /** Each engine the queue spreads photos over, and how it stands; absent or empty with a single engine. */
  engines?: EngineActivity[];
}

export interface SkippedPath {
  path: string;
  reason: string;
}

export interface AddResult {
  added: QueueItem[];
  skipped: SkippedPath[];
}

export interface SaveResult {
  saved: { id: string; paths: string[] }[];
  failed: { id: string; error: BridgeError }[];
  dir: string;
}

export interface AppInfo {
  version: string;
  platform: string;
  /** Present when the bridge runs inside Electron; false in the browser test harness. */
  electron: boolean;
  /** The references behind the engine setup's choices: ours (this version) and the original image. */
  engineImages: EngineImageChoices;
}
