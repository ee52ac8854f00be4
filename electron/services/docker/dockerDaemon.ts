/**
 * The connection to the Docker daemon: one DockerState with a sentence for the user, a client for the
 * other services, and a watch on `/events` (our labelled containers) that reconnects when it drops.
 */
import Docker from 'dockerode';
import type { DockerState } from '../../../contract/domain.ts';
import { FacecraftError } from '../../../contract/errors.ts';
import { Listeners } from '../listeners.ts';
import { dockerCliFound } from './dockerCli.ts';
import { type DockerEndpoint, type EndpointEnvironment, resolveDockerEndpoint } from './dockerEndpoint.ts';
import { classifyConnectionError, dockerStateError, errorCodeOf } from './dockerErrors.ts';
import { APP_LABEL, APP_LABEL_VALUE } from './labels.ts';
import { LineSplitter } from './lineSplitter.ts';

/**
 * API 1.40 (Docker 19.03) is the oldest engine with `DeviceRequests` (GPU access without the nvidia
 * runtime); older engines are out of support anyway. This machine runs 1.41 (Docker 20.10).
 */
export const MINIMUM_API_VERSION = '1.40';

/** Socket-level failures that mean the daemon went away (or was never there). */
const LOST_CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'EACCES',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);

/** A container event for one of our labelled containers (start, die, stop, destroy, oom …). */
export interface EngineContainerEvent {
  action: string;
  containerId: string;
  labels: Record<string, string>;
  /** Exit code for `die`. */
  exitCode: number | null;
  at: number;
}

export interface DockerDaemonOptions {
  /** Defaults to process.env, the user's home and platform. */
  environment?: Partial<EndpointEnvironment>;
  /** First delay before re-subscribing to /events after the stream dropped; doubles up to 15 s. */
  reconnectDelayMs?: number;
}

/** The parts of `docker info` the services read (dockerode's types leave it untyped). */
export interface DaemonInfo {
  ID?: string;
  OperatingSystem?: string;
  KernelVersion?: string;
  Runtimes?: Record<string, unknown>;
  CDISpecDirs?: string[];
  DiscoveredDevices?: { Source?: string; ID?: string }[];
  ServerVersion?: string;
}

export interface DaemonIdentity {
  endpoint: string;
  /** `docker info` ID: tells two daemons behind the same endpoint apart (e.g. after a reinstall). */
  id: string;
}

export function compareApiVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor === bMajor ? aMinor - bMinor : aMajor - bMajor;
}

function initialState(): DockerState {
  return {
    state: 'checking',
    message: 'Looking for Docker…',
    endpoint: null,
    endpointSource: null,
    version: null,
    apiVersion: null,
    os: null,
  };
}

export class DockerDaemon {
  #current: DockerState = initialState();
  #endpointValue: DockerEndpoint | null = null;
  #dockerClient: Docker | null = null;
  #infoValue: DaemonInfo | null = null;
  readonly #stateListeners = new Listeners<DockerState>();
  readonly #eventListeners = new Listeners<EngineContainerEvent>();
  #watchAbort: AbortController | null = null;
  #reconnectTimer: NodeJS.Timeout | null = null;
  #closed = false;
  readonly #options: DockerDaemonOptions;

  constructor(options: DockerDaemonOptions = {}) {
    this.#options = options;
  }

  /** The last known state (never probes). */
  get state(): DockerState {
    return this.#current;
  }

  /** `docker info` from the last successful check; null until ready. */
  get info(): DaemonInfo | null {
    return this.#infoValue;
  }

  get endpoint(): DockerEndpoint {
    if (!this.#endpointValue) this.#endpointValue = resolveDockerEndpoint(this.#options.environment);
    return this.#endpointValue;
  }

  /** Emits every state change; answers the unsubscribe function. */
  onState(listener: (state: DockerState) => void): () => void {
    return this.#stateListeners.on(listener);
  }

  /** Emits container events of containers labelled app=facecraft-desktop while `watch()` runs. */
  onContainerEvent(listener: (event: EngineContainerEvent) => void): () => void {
    return this.#eventListeners.on(listener);
  }

  /** Resolves the endpoint again and probes the daemon (version + info). Never throws. */
  async check(): Promise<DockerState> {
    this.#endpointValue = resolveDockerEndpoint(this.#options.environment);
    const endpoint = this.#endpointValue;
    const base = { endpoint: endpoint.url, endpointSource: endpoint.source };
    let next: DockerState;
    try {
      const docker = new Docker(endpoint.options);
      const version = await docker.version();
      const info = (await docker.info()) as DaemonInfo;
      const apiVersion = version.ApiVersion;
      if (compareApiVersions(apiVersion, MINIMUM_API_VERSION) < 0) {
        next = {
          ...base,
          state: 'unsupported-version',
          message: `Docker ${version.Version} (API ${apiVersion}) is too old: Facecraft needs Docker 19.03 (API ${MINIMUM_API_VERSION}) or newer. Update Docker, then try again.`,
          version: version.Version,
          apiVersion,
          os: info.OperatingSystem ?? version.Os,
        };
        this.#dockerClient = null;
      } else {
        this.#dockerClient = docker;
        this.#infoValue = info;
        next = {
          ...base,
          state: 'ready',
          message: `Docker ${version.Version} on ${info.OperatingSystem ?? version.Os} is ready (${endpoint.url}, ${endpoint.source}).`,
          version: version.Version,
          apiVersion,
          os: info.OperatingSystem ?? version.Os,
        };
      }
    } catch (error) {
      this.#dockerClient = null;
      const env = this.#options.environment?.env ?? process.env;
      const platform = this.#options.environment?.platform ?? process.platform;
      const { state, message } = classifyConnectionError(error, endpoint, dockerCliFound(env, platform));
      next = { ...base, state, message, version: null, apiVersion: null, os: null };
    }
    this.#setState(next);
    return next;
  }

  /** The connected client; checks first when needed. Throws a FacecraftError carrying the state's sentence. */
  async client(): Promise<Docker> {
    if (this.#dockerClient && this.#current.state === 'ready') return this.#dockerClient;
    const state = await this.check();
    if (this.#dockerClient && state.state === 'ready') return this.#dockerClient;
    throw dockerStateError(state);
  }

  /**
   * Runs `task` with the client. When the daemon went away meanwhile (socket errors), the state is checked
   * again (listeners hear of it) and the error becomes a FacecraftError with the state's sentence instead
   * of "connect ECONNREFUSED …".
   */
  async use<T>(task: (docker: Docker) => Promise<T>): Promise<T> {
    const docker = await this.client();
    try {
      return await task(docker);
    } catch (error) {
      throw await this.translate(error);
    }
  }

  /** Socket errors become docker-connection-lost with the fresh state's sentence; others pass unchanged. */
  async translate(error: unknown): Promise<unknown> {
    const code = errorCodeOf(error);
    if (!(error instanceof FacecraftError) && code && LOST_CONNECTION_CODES.has(code)) {
      const state = await this.check();
      return new FacecraftError(
        'docker-connection-lost',
        `The connection to Docker was lost. ${state.message}`,
        {
          cause: error,
        },
      );
    }
    return error;
  }

  /** Endpoint plus daemon ID, for caches that must not outlive a daemon (GPU capability). */
  async identity(): Promise<DaemonIdentity> {
    await this.client();
    return { endpoint: this.endpoint.url, id: this.#infoValue?.ID ?? 'unknown' };
  }

  /**
   * Follows `/events` for our containers. When the stream drops (daemon stopped or restarted) the state
   * is re-checked and the watch re-subscribes with backoff, emitting each state change on the way.
   */
  watch(): void {
    this.#closed = false;
    if (this.#watchAbort) return;
    void this.#subscribe(this.#options.reconnectDelayMs ?? 1000);
  }

  /** Stops watching; the state stays as last known. */
  close(): void {
    this.#closed = true;
    this.#watchAbort?.abort();
    this.#watchAbort = null;
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
  }

  async #subscribe(delayMs: number): Promise<void> {
    if (this.#closed) return;
    const abort = new AbortController();
    this.#watchAbort = abort;
    let connected = false;
    try {
      const docker = await this.client();
      const stream = (await docker.getEvents({
        filters: { type: ['container'], label: [`${APP_LABEL}=${APP_LABEL_VALUE}`] },
        abortSignal: abort.signal,
      } as Docker.GetEventsOptions)) as NodeJS.ReadableStream;
      connected = true;
      await new Promise<void>((resolve) => {
        const lines = new LineSplitter();
        stream.on('data', (chunk: Buffer) => {
          for (const line of lines.push(chunk.toString('utf8')))
            if (line.trim()) this.#emitEvent(line.trim());
        });
        stream.on('end', () => resolve());
        stream.on('close', () => resolve());
        stream.on('error', () => resolve());
      });
    } catch {
      // Not reachable: the state already says why; retry below.
    }
    if (this.#closed || abort.signal.aborted) return;
    this.#watchAbort = null;
    // The stream dropped: tell listeners now (the daemon may be gone), then retry.
    await this.check();
    const nextDelay = connected ? (this.#options.reconnectDelayMs ?? 1000) : Math.min(delayMs * 2, 15_000);
    this.#reconnectTimer = setTimeout(
      () => {
        this.#reconnectTimer = null;
        void this.#subscribe(nextDelay);
      },
      connected ? 0 : delayMs,
    );
    this.#reconnectTimer.unref?.();
  }

  #emitEvent(line: string): void {
    try {
      const raw = JSON.parse(line) as {
        Action?: string;
        id?: string;
        Actor?: { ID?: string; Attributes?: Record<string, string> };
        time?: number;
      };
      const attributes = raw.Actor?.Attributes ?? {};
      const exit = attributes.exitCode;
      this.#eventListeners.emit({
        action: raw.Action ?? 'unknown',
        containerId: raw.Actor?.ID ?? raw.id ?? '',
        labels: attributes,
        exitCode: exit === undefined ? null : Number(exit),
        at: (raw.time ?? Date.now() / 1000) * 1000,
      });
    } catch {
      // A malformed event line is not worth breaking the watch for.
    }
  }

  #setState(next: DockerState): void {
    const previous = this.#current;
    this.#current = next;
    if (previous.state !== next.state || previous.message !== next.message) this.#stateListeners.emit(next);
  }
}
