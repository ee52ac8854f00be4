import { create } from 'zustand';
import type {
  Device,
  DockerState,
  EngineState,
  GpuCapability,
  ImageProgress,
  ImageSource,
} from '../../../contract/domain.ts';
import type { EngineImageChoices } from '../../../contract/engineChoices.ts';
import { getBridge } from '../lib/bridge.ts';
import { errorMessage } from '../lib/format.ts';
import { useUiStore } from './useUiStore.ts';

const MAX_LOG_LINES = 500;

interface EngineStoreState {
  docker: DockerState | null;
  gpu: GpuCapability | null;
  progress: Record<Device, ImageProgress | null>;
  /** Main's engine state, as it arrives: busy, failure and device are read from it, never kept here. */
  engine: EngineState | null;
  logs: string[];
  checkingDocker: boolean;
  /** The references behind the engine setup's image choices (app.info); null until read. */
  engineImages: EngineImageChoices | null;
  receiveEngineImages(images: EngineImageChoices): void;
  receiveDocker(state: DockerState): void;
  receiveGpu(capability: GpuCapability): void;
  receiveProgress(progress: ImageProgress): void;
  receiveEngine(state: EngineState): void;
  receiveLog(line: string): void;
  setLogs(lines: string[]): void;
  retryDocker(): Promise<void>;
  getReady(device: Device, source: ImageSource): Promise<void>;
  cancelPrepare(device: Device): Promise<void>;
  switchDevice(device: Device): Promise<void>;
  /** The user's Stop: main holds the local engine's photos until it is started again. */
  stopEngine(): Promise<void>;
  loadLogs(): Promise<void>;
}

/** Starting or stopping: the engine cannot take another start or switch now. */
export function engineBusy(engine: EngineState | null): boolean {
  return engine?.status === 'starting' || engine?.status === 'stopping';
}

/** The last start's failure, as main reports it (also after a failed switch, with the old engine serving). */
export function engineFailure(engine: EngineState | null): string | null {
  return engine?.error?.message ?? null;
}

export const useEngineStore = create<EngineStoreState>((set, get) => ({
  docker: null,
  gpu: null,
  progress: { cpu: null, gpu: null },
  engine: null,
  logs: [],
  checkingDocker: false,
  engineImages: null,

  receiveEngineImages: (engineImages) => set({ engineImages }),
  // Main restarts the engine the user had when Docker returns; the store only shows it.
  receiveDocker: (docker) => set({ docker }),
  receiveGpu: (gpu) => set({ gpu }),
  receiveProgress: (p) => set((s) => ({ progress: { ...s.progress, [p.device]: p } })),
  receiveEngine: (engine) => set({ engine }),
  receiveLog: (line) => set((s) => ({ logs: [...s.logs, line].slice(-MAX_LOG_LINES) })),
  setLogs: (lines) => set({ logs: lines.slice(-MAX_LOG_LINES) }),

  retryDocker: async () => {
    set({ checkingDocker: true });
    try {
      const docker = await getBridge().docker.state(true);
      get().receiveDocker(docker);
      if (docker.state === 'ready') {
        getBridge()
          .gpu.capability(true)
          .then((gpu) => set({ gpu }))
          .catch(() => undefined);
      }
    } catch (error) {
      useUiStore.getState().notify(`Could not reach Docker: ${errorMessage(error)}`, 'error');
    } finally {
      set({ checkingDocker: false });
    }
  },

  getReady: async (device, source) => {
    try {
      set({ engine: await getBridge().engine.start(device, source) });
    } catch (error) {
      // Main's engine state carries the failure (engineFailure); a refusal before any start does not.
      const engine = await getBridge()
        .engine.state()
        .catch(() => null);
      if (engine) set({ engine });
      if (!engine?.error) useUiStore.getState().notify(errorMessage(error), 'error');
    }
  },

  cancelPrepare: async (device) => {
    try {
      await getBridge().images.cancel(device);
    } catch (error) {
      useUiStore.getState().notify(`Could not cancel: ${errorMessage(error)}`, 'error');
    }
  },

  switchDevice: async (device) => {
    try {
      const engine = await getBridge().engine.start(device);
      set({ engine });
      if (engine.fallback) {
        useUiStore.getState().notify(`Running on CPU: ${engine.fallback.reason}`);
      }
    } catch (error) {
      useUiStore
        .getState()
        .notify(`Could not switch to ${device.toUpperCase()}: ${errorMessage(error)}`, 'error');
    }
  },

  stopEngine: async () => {
    try {
      set({ engine: await getBridge().engine.stop() });
    } catch (error) {
      useUiStore.getState().notify(`Could not stop the engine: ${errorMessage(error)}`, 'error');
    }
  },

  loadLogs: async () => {
    try {
      get().setLogs(await getBridge().engine.logs());
    } catch (error) {
      useUiStore.getState().notify(`Could not read the engine logs: ${errorMessage(error)}`, 'error');
    }
  },
}));
