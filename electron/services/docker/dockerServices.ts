/**
 * Wires the Docker-side services together the way the app uses them: one connection, the image
 * service, the GPU check (probing with an engine image already present), and the engine manager.
 */
import type { Device, ImageSource } from '../../../contract/domain.ts';
import { DockerDaemon, type DockerDaemonOptions } from './dockerDaemon.ts';
import { EngineManager, type EngineManagerOptions, type EngineSettings } from './engineManager.ts';
import { GpuCapabilityService } from './gpuCapability.ts';
import { ImageService, imageReference } from './imageStatus.ts';

export interface DockerServicesOptions {
  /** The bundled docker/ build context. */
  contextDir: string;
  /** Read at every call: image source and references, GPU fallback. */
  settings: () => EngineSettings;
  /** Endpoint resolution inputs (env, home, platform) and reconnect delay; defaults to this process. */
  connection?: DockerDaemonOptions;
  /**
   * Passed to the EngineManager (session id, instance, timeouts, limits, hardening, env). Without an
   * instance, FACECRAFT_ENGINE_INSTANCE from the connection environment (or this process) is used, else 'default'.
   */
  engine?: Omit<EngineManagerOptions, 'daemon' | 'images' | 'gpu' | 'settings'>;
  /** Progress throttle; default 100 ms. */
  throttleMs?: number;
}

export interface DockerServices {
  docker: DockerDaemon;
  images: ImageService;
  gpu: GpuCapabilityService;
  engine: EngineManager;
  /** Stops the engine unless keepRunning, and stops watching Docker. */
  dispose(options: { keepRunning: boolean }): Promise<void>;
}

export function createDockerServices(options: DockerServicesOptions): DockerServices {
  const docker = new DockerDaemon(options.connection);
  const images = new ImageService({
    daemon: docker,
    contextDir: options.contextDir,
    settings: options.settings,
    throttleMs: options.throttleMs,
  });
  const gpu = new GpuCapabilityService({
    daemon: docker,
    // Any engine image already here can carry the probe; GPU first (it is the one that must work).
    probeImages: () => {
      const settings = options.settings();
      const sources: ImageSource[] = ['pull', 'build'];
      const devices: Device[] = ['gpu', 'cpu'];
      return [
        ...new Set(
          devices.flatMap((device) => sources.map((source) => imageReference(device, settings, source))),
        ),
      ];
    },
  });
  // FACECRAFT_ENGINE_INSTANCE lets a test (or a second copy of the app) keep its engines apart; see labels.ts.
  const env = options.connection?.environment?.env ?? process.env;
  const instance = options.engine?.instance ?? (env.FACECRAFT_ENGINE_INSTANCE || undefined);
  const engine = new EngineManager({
    ...options.engine,
    instance,
    daemon: docker,
    images,
    gpu,
    settings: options.settings,
  });
  return {
    docker,
    images,
    gpu,
    engine,
    async dispose({ keepRunning }) {
      await engine.shutdown({ keepRunning });
      docker.close();
    },
  };
}
