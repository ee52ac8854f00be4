/**
 * The engine's integration tests use the shared helper in the app's test tree
 * (test/support/engineImage.ts: build the image, run it hardened, stop it). That file lies outside this
 * package's tsconfig rootDir, so it is loaded through a computed specifier and typed by the interface
 * below (the subset these tests use; a mismatch fails at run time, loudly).
 */
import type Docker from 'dockerode';

export interface RunningEngine {
  url: string;
  apiKey: string | null;
  headers: Record<string, string>;
  containerId: string;
  container: Docker.Container;
  startToReadyMs: number | null;
  logs(): Promise<string>;
  waitReady(timeoutMs?: number): Promise<number>;
  stop(): Promise<void>;
}

export interface EngineContainerOptions {
  image: string;
  labels?: Record<string, string>;
  apiKey?: string | null;
  env?: Record<string, string>;
  readOnly?: boolean;
  dropCapabilities?: boolean;
  waitReady?: boolean;
  readyTimeoutMs?: number;
  memoryBytes?: number;
}

interface SharedHelper {
  ENGINE_CONTEXT_DIR: string;
  docker: Docker;
  ensureEngineImage(device?: 'cpu', options?: { log?: (line: string) => void }): Promise<string>;
  buildImage(options: {
    dockerfile: string;
    tag: string;
    buildArgs?: Record<string, string>;
    log?: (line: string) => void;
  }): Promise<string>;
  startEngineContainer(options: EngineContainerOptions): Promise<RunningEngine>;
  demuxDockerLogs(buffer: Buffer): string;
}

const helperUrl = new URL('../../../../test/support/engineImage.ts', import.meta.url).href;
const shared = (await import(helperUrl)) as SharedHelper;

export const {
  ensureEngineImage,
  buildImage,
  startEngineContainer,
  demuxDockerLogs,
  docker,
  ENGINE_CONTEXT_DIR,
} = shared;

/** Every container these tests create carries it, so cleanup never touches anyone else's. */
export const TEST_LABELS = { 'facecraft.test': 'engine-service' };
