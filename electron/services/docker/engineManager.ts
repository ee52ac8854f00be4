/**
 * The engine as the rest of the app sees it: start a variant (ensuring its image, checking the GPU and
 * falling back to CPU only when allowed), switch variants without a gap (new ready before old stops),
 * restart after a crash, stop on quit, and one EngineState with what the engine itself reports.
 */

import { randomUUID } from 'node:crypto';
import type Docker from 'dockerode';
import {
  type Device,
  type EngineState,
  type ImageSource,
  STOPPED_ENGINE_STATE,
} from '../../../contract/domain.ts';
import type { StatusResponse } from '../../../contract/engineApi.ts';
import { FacecraftError, toBridgeError } from '../../../contract/errors.ts';
import { EngineClient } from '../engineClient/engineClient.ts';
import { kindFromLabels, probeEngineKind } from '../engineKind/detectEngineKind.ts';
import { type EngineKind, type EngineProfile, engineProfile } from '../engineKind/engineKind.ts';
import { unavailableOptions } from '../engineKind/optionAvailability.ts';
import { Listeners } from '../listeners.ts';
import { followLogs } from './containerLogs.ts';
import type { DockerDaemon } from './dockerDaemon.ts';
import {
  type ContainerHardening,
  type EngineContainer,
  EngineStartError,
  startEngineContainer,
  stopEngineContainer,
} from './engineContainer.ts';
import type { GpuCapabilityService } from './gpuCapability.ts';
import { type ImageService, inspectImage } from './imageStatus.ts';

export interface EngineSettings {
  imageSource: ImageSource;
  imageRefs: Record<Device, string>;
  allowGpuFallback: boolean;
}

export interface EngineManagerOptions {
  /** The Docker daemon connection. */
  daemon: DockerDaemon;
  images: ImageService;
  gpu: GpuCapabilityService;
  /** Read at every call, so settings changes apply at once. */
  settings: () => EngineSettings;
  /** Identifies this app run in container labels; default a random UUID. */
  sessionId?: string;
  /**
   * Orphans (engines of other sessions) are adopted or removed only within this instance. Default
   * 'default', shared by the app and the CLI; tests on a shared daemon pass their own.
   */
  instance?: string;
  /** How long /ready may take; default 300 s. */
  readyTimeoutMs?: number;
  /** Seconds between SIGTERM and SIGKILL on stop; default 10. */
  stopTimeoutSeconds?: number;
  memoryBytes?: number;
  pidsLimit?: number;
  /** Overrides the hardening of the engine's kind (engineKind.ts: ours, or the published image). */
  hardening?: (image: string, info: Docker.ImageInspectInfo | null) => ContainerHardening;
  /** Extra FACECRAFT_* environment for the engine. */
  env?: Record<string, string>;
  /** A host port to try first (e.g. 8000 or the last one used); when busy, Docker picks a free one. */
  preferredHostPort?: number;
}

/** What the engine client needs to talk to the engine now. */
export interface EngineConnection {
  url: string;
  apiKey: string;
  device: Device;
  containerId: string;
  kind: EngineKind;
}

export interface EngineLogLine {
  line: string;
  at: number;
}

const LOG_LINES_KEPT = 500;

function stoppedState(): EngineState {
  return { ...STOPPED_ENGINE_STATE, logTail: [] };
}

/** The kind an image's labels say (ours: io.facecraft.*), else the published kind until the engine answers otherwise. */
export function profileOfImage(info: Docker.ImageInspectInfo | null): {
  profile: EngineProfile;
  labelled: boolean;
} {
  const kind = kindFromLabels(info?.Config?.Labels);
  return { profile: engineProfile(kind ?? 'published'), labelled: kind !== null };
}

export class EngineManager {
  readonly sessionId: string;
  #current: EngineContainer | null = null;
  #currentProfile: EngineProfile = engineProfile('published');
  #stateValue: EngineState = stoppedState();
  readonly #stateListeners = new Listeners<EngineState>();
  readonly #logListeners = new Listeners<EngineLogLine>();
  readonly #logLines: string[] = [];
  #logAbort: AbortController | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #unsubscribeEvents: () => void;
  readonly #options: EngineManagerOptions;
  /** Containers this manager is replacing/stopping on purpose: their `die` is no crash. */
  readonly #expectedExits = new Set<string>();
  /** The variant asked for by start() and not stopped since: it comes back when Docker does. */
  #wanted: Device | null = null;
  readonly #unsubscribeDaemon: () => void;

  constructor(options: EngineManagerOptions) {
    this.#options = options;
    this.sessionId = options.sessionId ?? randomUUID();
    this.#unsubscribeEvents = options.daemon.onContainerEvent((event) => {
      if (
        event.action === 'die' &&
        this.#current?.id === event.containerId &&
        !this.#expectedExits.has(event.containerId)
      ) {
        this.#setState({
          ...this.#stateValue,
          status: 'error',
          error: {
            code: 'engine-unreachable',
            message: `The engine stopped unexpectedly${event.exitCode === null ? '' : ` (exit code ${event.exitCode})`}. It will be restarted.`,
          },
          logTail: this.#logLines.slice(-50),
        });
      }
    });
    this.#unsubscribeDaemon = this.#restartWhenDaemonReturns();
  }

  /**
   * Docker went away (stopped, restarted, the laptop slept) and came back: the engine the user had goes
   * with it, so start it again, once per return. Nothing happens when no engine was wanted.
   */
  #restartWhenDaemonReturns(): () => void {
    let daemonWasDown = false;
    return this.#options.daemon.onState((docker) => {
      if (docker.state === 'checking') return;
      const returned = daemonWasDown && docker.state === 'ready';
      daemonWasDown = docker.state !== 'ready';
      const status = this.#stateValue.status;
      if (returned && this.#wanted && status !== 'ready' && status !== 'starting')
        void this.start(this.#wanted).catch(() => undefined);
    });
  }

  get state(): EngineState {
    return this.#stateValue;
  }

  /** The variant the user asked for and has not stopped; null after stop() or before any start(). */
  get wanted(): Device | null {
    return this.#wanted;
  }

  onState(listener: (state: EngineState) => void): () => void {
    return this.#stateListeners.on(listener);
  }

  /** Engine log lines as they arrive (for the UI's engine log). */
  onLog(listener: (entry: EngineLogLine) => void): () => void {
    return this.#logListeners.on(listener);
  }

  /** The last engine log lines (newest last). */
  logs(): string[] {
    return [...this.#logLines];
  }

  /** Where to send requests now; null when no engine is ready. During a switch, the old engine until the new one is ready. */
  connection(): EngineConnection | null {
    if (!this.#current || this.#stateValue.status === 'stopped' || this.#stateValue.status === 'stopping')
      return null;
    return {
      url: this.#current.url,
      apiKey: this.#current.apiKey,
      device: this.#current.device,
      containerId: this.#current.id,
      kind: this.#current.kind,
    };
  }

  /** The profile of the engine serving now (its kind's differences); the published one when none serves. */
  profile(): EngineProfile {
    return this.#currentProfile;
  }

  /**
   * Gets the variant ready: image (pull/build per settings, with progress on ImageService), GPU check with
   * fallback to CPU when allowed, container, /ready, /status. With another variant running, this switches:
   * the new one is ready before the old one stops.
   * Throws FacecraftError (gpu-unavailable, engine-start-failed, image-*, disk-full, docker-*).
   */
  start(device: Device): Promise<EngineState> {
    this.#wanted = device;
    return this.#serialized(() => this.#startNow(device));
  }

  /**
   * Replaces the engine of the current variant: after a crash it starts a new one; while the old one still
   * runs, the new one is ready before the old one stops. The job queue calls this when the engine died.
   */
  restart(): Promise<EngineState> {
    return this.#serialized(async () => {
      const device = this.#stateValue.fallback?.from ?? this.#stateValue.device ?? this.#current?.device;
      if (!device)
        throw new FacecraftError('engine-not-ready', 'There is no engine to restart: start one first.');
      return this.#startNow(device, true);
    });
  }

  /** Stops and removes the engine container (SIGKILL after the stop timeout). */
  stop(): Promise<EngineState> {
    this.#wanted = null;
    return this.#serialized(() => this.#stopNow());
  }

  /** For quitting: stops the engine unless `keepRunning`, and stops watching. */
  async shutdown(options: { keepRunning: boolean }): Promise<void> {
    if (!options.keepRunning) await this.stop().catch(() => undefined);
    this.#logAbort?.abort();
    this.#unsubscribeEvents();
    this.#unsubscribeDaemon();
  }

  #serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #startNow(requested: Device, replaceSameVariant = false): Promise<EngineState> {
    const previous = this.#current;
    // What to go back to when nothing changes (fallback to the variant already serving) or the switch fails.
    const before = this.#stateValue;
    // Say 'starting' at once: the app derives its busy state from this (the old engine keeps serving).
    this.#setState({ ...before, status: 'starting', device: requested, error: null, logTail: [] });
    const previousAlive = previous !== null && (await this.#isRunning(previous.id));
    const docker = await this.#options.daemon.client().catch((error: unknown) => {
      this.#fail(requested, error);
      throw error;
    });

    let device = requested;
    let fallback: EngineState['fallback'] = null;
    try {
      if (requested === 'gpu') {
        this.#setState({ ...this.#stateValue, status: 'starting', device: 'gpu', error: null, logTail: [] });
        const capability = await this.#options.gpu.check();
        if (!capability.usable) {
          if (!this.#options.settings().allowGpuFallback) {
            throw new FacecraftError(
              'gpu-unavailable',
              `${capability.reason} (CPU mode works without a GPU.)`,
            );
          }
          device = 'cpu';
          fallback = { from: 'gpu', reason: capability.reason };
        }
      }
      if (
        previous &&
        previousAlive &&
        previous.device === device &&
        !replaceSameVariant &&
        before.status === 'ready'
      ) {
        this.#setState({ ...before, fallback, error: null });
        return this.#stateValue;
      }
      this.#setState({
        ...this.#stateValue,
        status: 'starting',
        device,
        fallback,
        error: null,
        logTail: [],
        // The old engine keeps serving until the new one is ready.
        url: previousAlive ? (previous?.url ?? null) : null,
        containerId: previousAlive ? (previous?.id ?? null) : null,
      });
      const image = await this.#options.images.ensure(device);
      const imageInfo = await inspectImage(docker, image);
      const { profile: imageProfile, labelled } = profileOfImage(imageInfo);
      const hardening = this.#options.hardening?.(image, imageInfo) ?? imageProfile.hardening;
      if (previous && !previousAlive) await stopEngineContainer(docker, previous.id, 0);
      const started = await startEngineContainer(docker, {
        image,
        device,
        // A replacement of the same variant must not adopt (or remove) the engine it replaces.
        sessionId: this.sessionId,
        instance: this.#options.instance,
        profile: imageProfile,
        hardening,
        memoryBytes: this.#options.memoryBytes,
        pidsLimit: this.#options.pidsLimit,
        readyTimeoutMs: this.#options.readyTimeoutMs,
        env: this.#options.env,
        preferredHostPort: this.#options.preferredHostPort,
      });
      // Unlabelled: what it answers may still show it is ours (a local build without our labels).
      let profile = imageProfile;
      if (!labelled) profile = engineProfile(await probeEngineKind(started.url, started.apiKey));
      started.kind = profile.kind;
      const { reported, status } = await this.#readStatus(started);
      this.#current = started;
      this.#currentProfile = profile;
      this.#followEngineLogs(docker, started.id);
      if (device === 'gpu' && reported?.type === 'cpu' && !fallback) {
        fallback = {
          from: 'gpu',
          reason: 'The GPU engine started but reports that it runs on the CPU; check the NVIDIA driver.',
        };
      }
      this.#setState({
        status: 'ready',
        device,
        reported,
        fallback,
        url: started.url,
        containerId: started.id,
        error: null,
        logTail: [],
        engine: {
          kind: profile.kind,
          title: profile.title,
          unavailableOptions: unavailableOptions(profile, status),
          transparentPngWithoutOval: profile.pngWithoutOval,
        },
      });
      if (previous && previousAlive && previous.id !== started.id) {
        this.#expectedExits.add(previous.id);
        await stopEngineContainer(docker, previous.id, this.#options.stopTimeoutSeconds ?? 10);
      }
      return this.#stateValue;
    } catch (caught) {
      const error = await this.#options.daemon.translate(caught);
      // A failed switch leaves the old engine serving.
      if (previous && previousAlive && before.status === 'ready') {
        this.#setState({
          ...before,
          error: toBridgeError(error),
          logTail: error instanceof EngineStartError ? error.logTail : [],
        });
      } else this.#fail(device, error);
      throw error;
    }
  }

  async #stopNow(): Promise<EngineState> {
    const previous = this.#current;
    if (!previous) {
      this.#setState(stoppedState());
      return this.#stateValue;
    }
    this.#setState({ ...this.#stateValue, status: 'stopping' });
    this.#expectedExits.add(previous.id);
    this.#logAbort?.abort();
    try {
      const docker = await this.#options.daemon.client();
      await stopEngineContainer(docker, previous.id, this.#options.stopTimeoutSeconds ?? 10);
    } catch {
      // Docker gone: the container went with it (or will be removed as an orphan next start).
    }
    this.#current = null;
    this.#setState(stoppedState());
    return this.#stateValue;
  }

  async #isRunning(containerId: string): Promise<boolean> {
    try {
      const docker = await this.#options.daemon.client();
      const info = await docker.getContainer(containerId).inspect();
      return info.State.Running;
    } catch {
      return false;
    }
  }

  async #readStatus(
    engine: EngineContainer,
  ): Promise<{ reported: EngineState['reported']; status: Partial<StatusResponse> | null }> {
    // Patient: the published image answers nothing while it works on a photo (e.g. an adopted, busy engine).
    const client = new EngineClient(engine, {
      retries: 0,
      requestTimeoutMs: engineProfile(engine.kind).patientCheckMs,
    });
    try {
      const body: Partial<StatusResponse> = await client.status();
      const type = body.device?.type === 'cuda' ? 'cuda' : 'cpu';
      return {
        reported: { type, name: body.device?.name ?? null, version: body.version ?? null },
        status: body,
      };
    } catch {
      return { reported: null, status: null };
    }
  }

  #followEngineLogs(docker: Docker, containerId: string): void {
    this.#logAbort?.abort();
    const abort = new AbortController();
    this.#logAbort = abort;
    this.#logLines.length = 0;
    void followLogs(
      docker,
      containerId,
      (line) => {
        this.#logLines.push(line);
        if (this.#logLines.length > LOG_LINES_KEPT) this.#logLines.shift();
        this.#logListeners.emit({ line, at: Date.now() });
      },
      abort.signal,
    ).catch(() => undefined);
  }

  #fail(device: Device, error: unknown): void {
    this.#current = null;
    this.#setState({
      ...stoppedState(),
      status: 'error',
      device,
      error: toBridgeError(error),
      logTail: error instanceof EngineStartError ? error.logTail : [],
    });
  }

  #setState(next: EngineState): void {
    this.#stateValue = next;
    this.#stateListeners.emit(next);
  }
}
