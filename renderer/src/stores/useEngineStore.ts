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
import { useSettingsStore } from './useSettingsStore.ts';
import { useUiStore } from './useUiStore.ts';

const MAX_LOG_LINES = 500;

interface EngineStoreState {
  docker: DockerState | null;
  gpu: GpuCapability | null;
  progress: Record<Device, ImageProgress | null>;
  engine: EngineState | null;
  logs: string[];
  /** The user asked for an engine this session: Retry may bring it back after Docker recovers. */
  wanted: boolean;
  /** engine.start or switchDevice is in flight. */
  starting: boolean;
  checkingDocker: boolean;
  /** The last failed start, as a sentence, until the next attempt. */
  startError: string | null;
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
  loadLogs(): Promise<void>;
}

export const useEngineStore = create<EngineStoreState>((set, get) => ({
  docker: null,
  gpu: null,
  progress: { cpu: null, gpu: null },
  engine: null,
  logs: [],
  wanted: false,
  starting: false,
  checkingDocker: false,
  startError: null,
  engineImages: null,

  receiveEngineImages: (engineImages) => set({ engineImages }),
  receiveDocker: (docker) => {
    const wasDown = get().docker !== null && get().docker?.state !== 'ready';
    set({ docker });
    // Docker came back (Retry, or the main process noticed): bring back the engine the user had.
    const engine = get().engine;
    if (
      wasDown &&
      docker.state === 'ready' &&
      get().wanted &&
      !get().starting &&
      engine?.status !== 'ready'
    ) {
      const settings = useSettingsStore.getState().settings;
      void get().getReady(settings?.device ?? 'cpu', settings?.imageSource ?? 'auto');
    }
  },
  receiveGpu: (gpu) => set({ gpu }),
  receiveProgress: (p) => set((s) => ({ progress: { ...s.progress, [p.device]: p } })),
  receiveEngine: (engine) => set({ engine }),
  receiveLog: (line) => set((s) => ({ logs: [...s.logs, line].slice(-MAX_LOG_LINES) })),
  setLogs: (lines) => set({ logs: lines.slice(-MAX_LOG_LINES) }),

  retryDocker: async () => {
    set({ checkingDocker: true });
    try {
      const docker = await getBridge().docker.state(true);
      // receiveDocker also restarts the engine the user had, once Docker is back.
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
    set({ wanted: true, starting: true, startError: null });
    try {
      const settings = useSettingsStore.getState().settings;
      if (settings && (settings.device !== device || settings.imageSource !== source)) {
        await useSettingsStore.getState().update({ device, imageSource: source });
      }
      const engine = await getBridge().engine.start(device);
      set({ engine });
      if (engine.status === 'error' && engine.error) set({ startError: engine.error.message });
    } catch (error) {
      set({ startError: errorMessage(error) });
      getBridge()
        .engine.state()
        .then((engine) => set({ engine }))
        .catch(() => undefined);
    } finally {
      set({ starting: false });
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
    set({ starting: true, startError: null });
    try {
      const engine = await getBridge().engine.switchDevice(device);
      set({ engine });
      await useSettingsStore.getState().update({ device });
      if (engine.fallback) {
        useUiStore.getState().notify(`Running on CPU: ${engine.fallback.reason}`);
      }
    } catch (error) {
      useUiStore
        .getState()
        .notify(`Could not switch to ${device.toUpperCase()}: ${errorMessage(error)}`, 'error');
    } finally {
      set({ starting: false });
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
