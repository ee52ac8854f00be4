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
import {
  type ContainerHardening,
  type EngineKind,
  type EngineProfile,
  engineProfile,
  OWN_ENGINE_HARDENING,
  OWN_ENGINE_PROFILE,
} from '../engineKind/engineKind.ts';
import { driverTooOldError, isDriverTooOld } from '../engineKind/engineSentences.ts';
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

export type { ContainerHardening };
/** Our engine's hardening (kept under this name for callers; engineKind.ts defines it). */
export const ENGINE_HARDENING: ContainerHardening = OWN_ENGINE_HARDENING;

export interface EngineContainerOptions {
  image: string;
  device: Device;
  /** This app run; containers with another session are orphans of an earlier run. */
  sessionId: string;
  /** Orphans are only adopted/removed within this instance (default 'default'); tests use their own. */
  instance?: string;
  /** What kind of engine the image holds (default ours): environment, hardening, readiness, patience. */
  profile?: EngineProfile;
  /** Overrides the profile's hardening. */
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
  kind: EngineKind;
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

/**
 * One GET /ready; true only when the engine says ready. `retries` re-asks after a connection loss: a
 * kept-alive socket that an engine blocked on a photo closes as soon as it wakes is no verdict.
 */
export async function engineIsReady(
  url: string,
  apiKey: string,
  timeoutMs = 3000,
  retries = 0,
): Promise<boolean> {
  const client = new EngineClient({ url, apiKey }, { retries, requestTimeoutMs: timeoutMs });
  return client.ready().then(
    (answer) => answer.ready === true,
    () => false,
  );
}

/** One GET /health; true when the engine serves HTTP at all. */
export async function engineAnswersHealth(url: string, timeoutMs: number): Promise<boolean> {
  const client = new EngineClient({ url, apiKey: null }, { retries: 0, requestTimeoutMs: timeoutMs });
  return client.health().then(
    () => true,
    () => false,
  );
}

/**
 * Looks at containers of this variant left by other sessions: a running one from the same image that
 * answers /ready with the key it was started with is adopted; every other one is removed. The check is
 * patient (the profile's patientCheckMs): an engine busy with a photo (the published image answers
 * nothing meanwhile, e.g. while the CLI uses it) is not dead.
 */
export async function adoptOrRemoveOrphans(
  docker: Docker,
  options: { device: Device; sessionId: string; image: string; instance?: string; profile?: EngineProfile },
): Promise<EngineContainer | null> {
  const profile = options.profile ?? OWN_ENGINE_PROFILE;
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
        if (await engineIsReady(url, apiKey, profile.patientCheckMs, 2)) {
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
            kind: profile.kind,
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
  const profile = options.profile ?? OWN_ENGINE_PROFILE;
  const hardening = options.hardening ?? profile.hardening;
  const env = { ...profile.environment(), ...options.env, FACECRAFT_API_KEY: apiKey };
  const suffix = randomBytes(3).toString('hex');
  return {
    name: `facecraft-engine-${options.device}-${options.sessionId.slice(0, 8)}-${suffix}`,
    Image: options.image,
    Env: Object.entries(env).map(([key, value]) => `${key}=${value}`),
    Labels: engineLabels(options.device, options.sessionId, options.instance),
    ExposedPorts: { [PORT_KEY]: {} },
    ...(profile.imageHealthcheck === 'off' ? { Healthcheck: { Test: ['NONE'] } } : {}),
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
      if (isDriverTooOld(text)) throw driverTooOldError(text, error);
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
      kind: (options.profile ?? OWN_ENGINE_PROFILE).kind,
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

/** The container stopped, or the deadline passed: EngineStartError with the last log lines; else null. */
async function startProblem(
  docker: Docker,
  engine: EngineContainer,
  deadline: number,
  timeoutMs: number,
): Promise<EngineStartError | null> {
  const info = await docker
    .getContainer(engine.id)
    .inspect()
    .catch(() => null);
  if (!info || !info.State.Running) {
    const tail = await readLogTail(docker, engine.id);
    const exit = info
      ? ` with exit code ${info.State.ExitCode}${info.State.OOMKilled ? ' (out of memory)' : ''}`
      : '';
    return new EngineStartError(
      `The engine stopped while starting${exit}. Its last log lines are attached.`,
      tail,
    );
  }
  if (Date.now() >= deadline) {
    const tail = await readLogTail(docker, engine.id);
    return new EngineStartError(
      `The engine did not become ready within ${Math.round(timeoutMs / 1000)} s. Its last log lines are attached.`,
      tail,
    );
  }
  return null;
}

/** One patient GET /ready: 'ready', 'not-ready' (answered, not yet), 'failed' (500: its models did not load), 'silent'. */
async function askReady(
  url: string,
  apiKey: string,
  timeoutMs: number,
): Promise<'ready' | 'not-ready' | 'failed' | 'silent'> {
  const client = new EngineClient({ url, apiKey }, { retries: 0, requestTimeoutMs: timeoutMs });
  try {
    return (await client.ready()).ready === true ? 'ready' : 'not-ready';
  } catch (error) {
    const code = error instanceof FacecraftError ? error.code : null;
    if (code === 'engine-not-ready') return 'not-ready';
    // An HTTP error answer (the published image's bare 500 after a failed load): every further call would load again.
    if (code === 'engine-rejected') return 'failed';
    return 'silent';
  }
}

/**
 * Waits until the engine can take photos, the way its kind needs (profile.readiness):
 * - poll-ready (ours): /ready with backoff (250 ms, x1.5, at most 2 s);
 * - health-then-ready (published): refused connections mean "loading", so /health every second until
 *   it answers, then one patient /ready. A 500 there fails the start at once (each further /ready
 *   would load the models again); a plain "not yet" is polled like ours.
 * Throws EngineStartError with the last 50 log lines (the container is left for the caller to remove).
 */
export async function waitForEngineReady(
  docker: Docker,
  engine: EngineContainer,
  options: { timeoutMs?: number; signal?: AbortSignal; profile?: EngineProfile } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const readiness = (options.profile ?? engineProfile(engine.kind)).readiness;
  const deadline = Date.now() + timeoutMs;
  const cancelled = (): void => {
    if (options.signal?.aborted) throw new FacecraftError('cancelled', 'Starting the engine was cancelled.');
  };
  if (readiness.kind === 'health-then-ready') {
    for (;;) {
      cancelled();
      if (await engineAnswersHealth(engine.url, 3000)) break;
      const problem = await startProblem(docker, engine, deadline, timeoutMs);
      if (problem) throw problem;
      await sleep(Math.min(1000, Math.max(0, deadline - Date.now())), options.signal);
    }
  }
  let delay = 250;
  let patient = readiness.kind === 'health-then-ready';
  for (;;) {
    cancelled();
    const remaining = Math.max(1000, deadline - Date.now());
    const answer = await askReady(
      engine.url,
      engine.apiKey,
      patient && readiness.kind === 'health-then-ready'
        ? Math.min(readiness.readyTimeoutMs, remaining)
        : 3000,
    );
    patient = false;
    if (answer === 'ready') return;
    if (answer === 'failed') {
      const tail = await readLogTail(docker, engine.id);
      throw new EngineStartError(
        'The engine could not load its models (it answered /ready with an internal error). Its last log lines are attached.',
        tail,
      );
    }
    const problem = await startProblem(docker, engine, deadline, timeoutMs);
    if (problem) throw problem;
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
    await waitForEngineReady(docker, engine, {
      timeoutMs: options.readyTimeoutMs,
      signal: options.signal,
      profile: options.profile,
    });
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
