/**
 * One engine container per variant: labelled, hardened, published on 127.0.0.1 at a port Docker picks,
 * with a fresh API key per start. Adopts a healthy orphan of the same variant left by a crash (or
 * removes it), polls /ready with backoff, and on failure reports the last 50 log lines.
 */

import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import type { Device } from '../../../contract/domain.ts';
import { ENGINE_CONTAINER_PORT } from '../../../contract/engineApi.ts';
import { errorMessageOf, FacecraftError } from '../../../contract/errors.ts';
import { EngineClient } from '../engineClient/engineClient.ts';
import { readLogTail } from './containerLogs.ts';
import { diskFullError, isDiskFull } from './dockerErrors.ts';
import { GPU_DEVICE_REQUESTS } from './gpuCapability.ts';
import {
  APP_LABEL,
  APP_LABEL_VALUE,
  DEFAULT_INSTANCE,
  engineLabels,
  instanceOf,
  ROLE_LABEL,
  SESSION_LABEL,
  VARIANT_LABEL,
} from './labels.ts';

/** Security settings for the container; our engine supports all of them, other images may not. */
export interface ContainerHardening {
  readOnlyRootfs: boolean;
  /** Writable tmpfs mounts (path → mount options), needed where the engine writes when the root is read-only. */
  tmpfs: Record<string, string>;
  noNewPrivileges: boolean;
  dropAllCapabilities: boolean;
}

/** The engine image's user: a tmpfs over a folder the image already has must belong to it. */
const ENGINE_UID = 1000;
const engineOwned = `uid=${ENGINE_UID},gid=${ENGINE_UID},mode=0750`;

/** What our engine (docker/) runs with: uid 1000, read-only root, writable /tmp, /app/uploads, /app/processed. */
export const ENGINE_HARDENING: ContainerHardening = {
  readOnlyRootfs: true,
  // Docker 20.10 ignores `mode` for a tmpfs mounted over a folder that exists in the image (it comes up
  // root's, 755, and every upload fails with EACCES), so uploads and results get an explicit owner.
  tmpfs: {
    '/tmp': 'rw,nosuid,nodev,mode=1777,size=512m',
    '/app/uploads': `rw,nosuid,nodev,${engineOwned},size=1g`,
    '/app/processed': `rw,nosuid,nodev,${engineOwned},size=2g`,
  },
  noNewPrivileges: true,
  dropAllCapabilities: true,
};

/** For images of unknown layout (e.g. a third-party engine): no read-only root, still no privileges. */
export const MINIMAL_HARDENING: ContainerHardening = {
  readOnlyRootfs: false,
  tmpfs: {},
  noNewPrivileges: true,
  dropAllCapabilities: true,
};

export interface EngineContainerOptions {
  image: string;
  device: Device;
  /** This app run; containers with another session are orphans of an earlier run. */
  sessionId: string;
  /** Orphans are only adopted/removed within this instance (default 'default'); tests use their own. */
  instance?: string;
  hardening?: ContainerHardening;
  /** Default 6 GiB: the models plus a few photos in flight. */
  memoryBytes?: number;
  /** Default 512. */
  pidsLimit?: number;
  /** A port to try first (e.g. the one used last time); when busy, Docker picks a free one instead. */
  preferredHostPort?: number;
  /** Extra environment (FACECRAFT_*). FACECRAFT_API_KEY is always set fresh. */
  env?: Record<string, string>;
  /** How long /ready may take; default 300 s (model loading and a warm-up inference). */
  readyTimeoutMs?: number;
  signal?: AbortSignal;
}

/** A started (or adopted) engine the client can talk to. */
export interface EngineContainer {
  id: string;
  name: string;
  device: Device;
  image: string;
  /** e.g. http://127.0.0.1:49153 */
  url: string;
  hostPort: number;
  apiKey: string;
  sessionId: string;
  /** True when a healthy container of an earlier run was taken over instead of starting a new one. */
  adopted: boolean;
}

/** engine-start-failed with the container's last log lines. */
export class EngineStartError extends FacecraftError {
  readonly logTail: string[];

  constructor(message: string, logTail: string[], options?: { cause?: unknown }) {
    super('engine-start-failed', message, options);
    this.name = 'EngineStartError';
    this.logTail = logTail;
  }
}

export const DEFAULT_MEMORY_BYTES = 6 * 1024 ** 3;
export const DEFAULT_PIDS_LIMIT = 512;
// Generous: the engine loads its models and runs one warm-up inference first; a busy 2-core laptop took 75–135 s here.
export const DEFAULT_READY_TIMEOUT_MS = 300_000;
const PORT_KEY = `${ENGINE_CONTAINER_PORT}/tcp`;

export function newApiKey(): string {
  return randomBytes(24).toString('base64url');
}

/** Our engine containers of one instance (default 'default'), optionally of one variant (any session). */
export async function listEngineContainers(
  docker: Docker,
  device?: Device,
  instance: string = DEFAULT_INSTANCE,
): Promise<Docker.ContainerInfo[]> {
  const label = [`${APP_LABEL}=${APP_LABEL_VALUE}`, `${ROLE_LABEL}=engine`];
  if (device) label.push(`${VARIANT_LABEL}=${device}`);
  const containers = await docker.listContainers({ all: true, filters: { label } });
  return containers.filter((c) => instanceOf(c.Labels) === instance);
}

export function hostPortOf(info: Docker.ContainerInspectInfo): number | null {
  const bindings = info.NetworkSettings.Ports?.[PORT_KEY];
  const port = bindings?.find((binding) => binding.HostIp === '127.0.0.1' || binding.HostIp === '')?.HostPort;
  return port ? Number(port) : null;
}

function envValue(info: Docker.ContainerInspectInfo, name: string): string | null {
  const entry = info.Config.Env?.find((line) => line.startsWith(`${name}=`));
  return entry ? entry.slice(name.length + 1) : null;
}

/** One GET /ready; true only when the engine says ready. */
export async function engineIsReady(url: string, apiKey: string, timeoutMs = 3000): Promise<boolean> {
  // One quick question, no retries: the caller polls.
  const client = new EngineClient({ url, apiKey }, { retries: 0, requestTimeoutMs: timeoutMs });
  return client.ready().then(
    (answer) => answer.ready === true,
    () => false,
  );
}

/**
 * Looks at containers of this variant left by other sessions: a running one from the same image that
 * answers /ready with the key it was started with is adopted; every other one is removed.
 */
export async function adoptOrRemoveOrphans(
  docker: Docker,
  options: { device: Device; sessionId: string; image: string; instance?: string },
): Promise<EngineContainer | null> {
  const orphans = (await listEngineContainers(docker, options.device, options.instance)).filter(
    (c) => c.Labels[SESSION_LABEL] !== options.sessionId,
  );
  if (orphans.length === 0) return null;
  const wantedImageId =
    (
      await docker
        .getImage(options.image)
        .inspect()
        .catch(() => null)
    )?.Id ?? null;
  let adopted: EngineContainer | null = null;
  for (const orphan of orphans) {
    const container = docker.getContainer(orphan.Id);
    if (!adopted && orphan.State === 'running' && wantedImageId && orphan.ImageID === wantedImageId) {
      const info = await container.inspect().catch(() => null);
      const port = info ? hostPortOf(info) : null;
      const apiKey = info ? envValue(info, 'FACECRAFT_API_KEY') : null;
      if (info && port && apiKey) {
        const url = `http://127.0.0.1:${port}`;
        if (await engineIsReady(url, apiKey)) {
          adopted = {
            id: info.Id,
            name: info.Name.replace(/^\//, ''),
            device: options.device,
            image: options.image,
            url,
            hostPort: port,
            apiKey,
            sessionId: orphan.Labels[SESSION_LABEL] ?? '',
            adopted: true,
          };
          continue;
        }
      }
    }
    await container.remove({ force: true }).catch(() => undefined);
  }
  return adopted;
}

function createOptions(
  options: EngineContainerOptions,
  apiKey: string,
  hostPort: string,
): Docker.ContainerCreateOptions {
  const hardening = options.hardening ?? ENGINE_HARDENING;
  const env = { ...options.env, FACECRAFT_API_KEY: apiKey };
  const suffix = randomBytes(3).toString('hex');
  return {
    name: `facecraft-engine-${options.device}-${options.sessionId.slice(0, 8)}-${suffix}`,
    Image: options.image,
    Env: Object.entries(env).map(([key, value]) => `${key}=${value}`),
    Labels: engineLabels(options.device, options.sessionId, options.instance),
    ExposedPorts: { [PORT_KEY]: {} },
    HostConfig: {
      PortBindings: { [PORT_KEY]: [{ HostIp: '127.0.0.1', HostPort: hostPort }] },
      DeviceRequests: options.device === 'gpu' ? GPU_DEVICE_REQUESTS : undefined,
      SecurityOpt: hardening.noNewPrivileges ? ['no-new-privileges:true'] : undefined,
      CapDrop: hardening.dropAllCapabilities ? ['ALL'] : undefined,
      ReadonlyRootfs: hardening.readOnlyRootfs,
      Tmpfs: Object.keys(hardening.tmpfs).length > 0 ? hardening.tmpfs : undefined,
      Memory: options.memoryBytes ?? DEFAULT_MEMORY_BYTES,
      PidsLimit: options.pidsLimit ?? DEFAULT_PIDS_LIMIT,
      RestartPolicy: { Name: 'no' },
      Init: true,
    },
  };
}

function isPortConflict(text: string): boolean {
  return /port is already allocated|address already in use|bind: /i.test(text);
}

/** Creates and starts a fresh container (no readiness wait). A busy preferred port falls back to a free one. */
export async function createEngineContainer(
  docker: Docker,
  options: EngineContainerOptions,
): Promise<EngineContainer> {
  const apiKey = newApiKey();
  const attempts = options.preferredHostPort ? [String(options.preferredHostPort), ''] : [''];
  let lastError: unknown = null;
  for (const hostPort of attempts) {
    const spec = createOptions(options, apiKey, hostPort);
    let container: Docker.Container;
    try {
      container = await docker.createContainer(spec);
    } catch (error) {
      const text = errorMessageOf(error);
      if (isDiskFull(text)) throw diskFullError(error);
      throw new EngineStartError(`Could not create the engine container from ${options.image}: ${text}`, [], {
        cause: error,
      });
    }
    try {
      await container.start();
    } catch (error) {
      lastError = error;
      const text = errorMessageOf(error);
      await container.remove({ force: true }).catch(() => undefined);
      // The port someone else holds is never a reason to fail: let Docker choose.
      if (hostPort !== '' && isPortConflict(text)) continue;
      if (isDiskFull(text)) throw diskFullError(error);
      if (options.device === 'gpu' && /device driver|nvidia|gpu/i.test(text)) {
        throw new FacecraftError('gpu-unavailable', `The GPU engine could not start: ${text}`, {
          cause: error,
        });
      }
      throw new EngineStartError(`The engine container did not start: ${text}`, [], { cause: error });
    }
    const info = await container.inspect();
    const port = hostPortOf(info);
    if (!port) {
      const tail = await readLogTail(docker, info.Id);
      await container.remove({ force: true }).catch(() => undefined);
      throw new EngineStartError('The engine container started but Docker published no port for it.', tail);
    }
    return {
      id: info.Id,
      name: info.Name.replace(/^\//, ''),
      device: options.device,
      image: options.image,
      url: `http://127.0.0.1:${port}`,
      hostPort: port,
      apiKey,
      sessionId: options.sessionId,
      adopted: false,
    };
  }
  throw new EngineStartError(`The engine container did not start: ${errorMessageOf(lastError)}`, [], {
    cause: lastError,
  });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * Polls /ready with backoff (250 ms, ×1.5, at most 2 s) until ready, the container exits, or the timeout.
 * Throws EngineStartError with the last 50 log lines (the container is left for the caller to remove).
 */
export async function waitForEngineReady(
  docker: Docker,
  engine: EngineContainer,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  let delay = 250;
  for (;;) {
    if (options.signal?.aborted) throw new FacecraftError('cancelled', 'Starting the engine was cancelled.');
    if (await engineIsReady(engine.url, engine.apiKey)) return;
    const info = await docker
      .getContainer(engine.id)
      .inspect()
      .catch(() => null);
    if (!info || !info.State.Running) {
      const tail = await readLogTail(docker, engine.id);
      const exit = info
        ? ` with exit code ${info.State.ExitCode}${info.State.OOMKilled ? ' (out of memory)' : ''}`
        : '';
      throw new EngineStartError(
        `The engine stopped while starting${exit}. Its last log lines are attached.`,
        tail,
      );
    }
    if (Date.now() >= deadline) {
      const tail = await readLogTail(docker, engine.id);
      throw new EngineStartError(
        `The engine did not become ready within ${Math.round(timeoutMs / 1000)} s. Its last log lines are attached.`,
        tail,
      );
    }
    await sleep(Math.min(delay, Math.max(0, deadline - Date.now())), options.signal);
    delay = Math.min(delay * 1.5, 2000);
  }
}

/**
 * Adopts a healthy orphan or creates a new container, then waits for /ready. On failure the new
 * container is removed and EngineStartError carries its last 50 log lines.
 */
export async function startEngineContainer(
  docker: Docker,
  options: EngineContainerOptions,
): Promise<EngineContainer> {
  const adopted = await adoptOrRemoveOrphans(docker, options);
  if (adopted) return adopted;
  const engine = await createEngineContainer(docker, options);
  try {
    await waitForEngineReady(docker, engine, { timeoutMs: options.readyTimeoutMs, signal: options.signal });
  } catch (error) {
    await removeEngineContainer(docker, engine.id);
    throw error;
  }
  return engine;
}

/** Stops (SIGTERM, then SIGKILL after `timeoutSeconds`) and removes the container; a missing one is fine. */
export async function stopEngineContainer(
  docker: Docker,
  containerId: string,
  timeoutSeconds = 10,
): Promise<void> {
  const container = docker.getContainer(containerId);
  await container.stop({ t: timeoutSeconds }).catch(() => undefined);
  await removeEngineContainer(docker, containerId);
}

export async function removeEngineContainer(docker: Docker, containerId: string): Promise<void> {
  await docker
    .getContainer(containerId)
    .remove({ force: true })
    .catch(() => undefined);
}
