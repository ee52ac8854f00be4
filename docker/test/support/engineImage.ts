/**
 * The engine package's own test support, which the app's tests use too (test/support/engineImage.ts
 * re-exports it; never the other way round): every test that needs the real engine builds the `facecraft:cpu` image from docker/ with
 * the classic builder (the layer cache makes a rebuild without changes take seconds) and runs it
 * hardened (read-only root filesystem, all capabilities dropped, non-root as the image says) on a
 * random 127.0.0.1 port, with an API key and labels so that cleanup touches only its own container.
 *
 *   const image = await ensureEngineImage();
 *   const engine = await startEngineContainer({ image, labels: { 'facecraft.test': 'my-area' } });
 *   try { await fetch(`${engine.url}/status`, { headers: engine.headers }); } finally { await engine.stop(); }
 *
 * FACECRAFT_TEST_ENGINE_IMAGE=<tag> skips the build and uses that image as is.
 * Where egress re-signs TLS (as on the CI machine), the build must trust that authority for npm:
 * FACECRAFT_BUILD_EXTRA_CA=<PEM file>, or else the locally added authorities in
 * /usr/local/share/ca-certificates, are passed as the EXTRA_CA_CERT build argument.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';

export const ENGINE_IMAGE_TAG = { cpu: 'facecraft:cpu' } as const;
export const ENGINE_CONTEXT_DIR = path.resolve(import.meta.dirname, '..', '..');

export const docker = new Docker();

const builds = new Map<string, Promise<string>>();

export interface BuildOptions {
  /** Where build output goes (default: only the last lines, on failure). */
  log?: (line: string) => void;
  /** Extra --build-arg values. */
  buildArgs?: Record<string, string>;
  dockerfile?: string;
  tag?: string;
}

/** PEM text of the extra certificate authorities a build needs for npm's HTTPS, or null. */
export function buildExtraCa(): string | null {
  const explicit = process.env.FACECRAFT_BUILD_EXTRA_CA;
  if (explicit) return readFileSync(explicit, 'utf8');
  const dir = '/usr/local/share/ca-certificates';
  if (!existsSync(dir)) return null;
  const pems = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.crt'))
    .sort()
    .map((name) => readFileSync(path.join(dir, name), 'utf8').trim());
  return pems.length > 0 ? pems.join('\n') : null;
}

/** Runs the docker CLI's classic builder; resolves with the tag, rejects with the last output lines. */
export function buildWithDockerCli(
  options: BuildOptions & { dockerfile: string; tag: string },
): Promise<string> {
  const args = ['build', '-f', path.join(ENGINE_CONTEXT_DIR, options.dockerfile), '-t', options.tag];
  const extraCa = buildExtraCa();
  const buildArgs = { ...(extraCa ? { EXTRA_CA_CERT: extraCa } : {}), ...options.buildArgs };
  for (const [name, value] of Object.entries(buildArgs)) args.push('--build-arg', `${name}=${value}`);
  args.push(ENGINE_CONTEXT_DIR);
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, { env: { ...process.env, DOCKER_BUILDKIT: '0' } });
    const tail: string[] = [];
    const onData = (chunk: Buffer): void => {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim() === '') continue;
        options.log?.(line);
        tail.push(line);
        if (tail.length > 40) tail.shift();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(options.tag);
      else
        reject(
          new Error(
            `docker build -f ${options.dockerfile} -t ${options.tag} failed (exit ${code}):\n${tail.join('\n')}`,
          ),
        );
    });
  });
}

/** Builds (or reuses, through the layer cache) the engine image and returns its tag. Once per process. */
export function ensureEngineImage(device: 'cpu' = 'cpu', options: BuildOptions = {}): Promise<string> {
  const override = process.env.FACECRAFT_TEST_ENGINE_IMAGE;
  if (override) return Promise.resolve(override);
  const tag = options.tag ?? ENGINE_IMAGE_TAG[device];
  let build = builds.get(tag);
  if (!build) {
    build = buildWithDockerCli({ ...options, dockerfile: options.dockerfile ?? `Dockerfile.${device}`, tag });
    build.catch(() => builds.delete(tag));
    builds.set(tag, build);
  }
  return build;
}

export interface EngineContainerOptions {
  image: string;
  /** Labels to find (and clean up) the container by; add one naming your test area. */
  labels?: Record<string, string>;
  /** Default: a fresh random key. null: run without FACECRAFT_API_KEY. */
  apiKey?: string | null;
  /** Extra FACECRAFT_* (or other) environment variables. */
  env?: Record<string, string>;
  /** Default true: read-only root filesystem, tmpfs for /tmp, uploads and results. */
  readOnly?: boolean;
  /** Default true: --cap-drop ALL and no-new-privileges. */
  dropCapabilities?: boolean;
  /** Default true: resolves only once /ready says ready. */
  waitReady?: boolean;
  readyTimeoutMs?: number;
  /** Memory limit in bytes (default none). */
  memoryBytes?: number;
}

export interface RunningEngine {
  /** http://127.0.0.1:<random port> */
  url: string;
  apiKey: string | null;
  /** { 'X-API-Key': apiKey } or {}. */
  headers: Record<string, string>;
  containerId: string;
  container: Docker.Container;
  /** Milliseconds from `docker start` until /ready said ready (null when waitReady was false). */
  startToReadyMs: number | null;
  /** stdout + stderr so far. */
  logs(): Promise<string>;
  /** Waits until /ready is true. */
  waitReady(timeoutMs?: number): Promise<number>;
  /** Stops (SIGTERM, then SIGKILL after 10 s) and removes the container with its anonymous volumes. Idempotent. */
  stop(): Promise<void>;
}

/** Docker multiplexes stdout/stderr of non-TTY containers in 8-byte-header frames. */
export function demuxDockerLogs(buffer: Buffer): string {
  let out = '';
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    out += buffer.subarray(offset + 8, offset + 8 + size).toString('utf8');
    offset += 8 + size;
  }
  return out;
}

function isGone(error: unknown): boolean {
  const status = (error as { statusCode?: number }).statusCode;
  return status === 404 || status === 304 || status === 409;
}

export async function startEngineContainer(options: EngineContainerOptions): Promise<RunningEngine> {
  const apiKey = options.apiKey === undefined ? randomBytes(16).toString('hex') : options.apiKey;
  const env: Record<string, string> = { ...(apiKey ? { FACECRAFT_API_KEY: apiKey } : {}), ...options.env };
  const readOnly = options.readOnly ?? true;
  const dropCapabilities = options.dropCapabilities ?? true;
  const tmpfsOwned = 'rw,nosuid,nodev,size=512m,uid=1000,gid=1000,mode=0750';
  const container = await docker.createContainer({
    Image: options.image,
    Env: Object.entries(env).map(([name, value]) => `${name}=${value}`),
    Labels: { 'facecraft.test': 'engine', ...options.labels },
    ExposedPorts: { '8000/tcp': {} },
    HostConfig: {
      PortBindings: { '8000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] },
      ReadonlyRootfs: readOnly,
      Tmpfs: readOnly
        ? {
            '/tmp': 'rw,nosuid,nodev,size=256m,mode=1777',
            '/app/uploads': tmpfsOwned,
            '/app/processed': tmpfsOwned,
          }
        : {},
      CapDrop: dropCapabilities ? ['ALL'] : [],
      SecurityOpt: dropCapabilities ? ['no-new-privileges'] : [],
      ...(options.memoryBytes ? { Memory: options.memoryBytes } : {}),
    },
  });

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    try {
      await container.stop({ t: 10 });
    } catch (error) {
      if (!isGone(error)) throw error;
    }
    try {
      await container.remove({ force: true, v: true });
    } catch (error) {
      if (!isGone(error)) throw error;
    }
  };
  const logs = async (): Promise<string> => {
    const raw = (await container.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
    return demuxDockerLogs(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw)));
  };

  try {
    const started = performance.now();
    await container.start();
    const info = await container.inspect();
    const binding = info.NetworkSettings.Ports['8000/tcp']?.[0];
    if (!binding) throw new Error('The engine container has no published port 8000.');
    const url = `http://127.0.0.1:${binding.HostPort}`;
    const headers: Record<string, string> = apiKey ? { 'X-API-Key': apiKey } : {};

    const waitReady = async (timeoutMs = options.readyTimeoutMs ?? 600_000): Promise<number> => {
      const deadline = performance.now() + timeoutMs;
      while (performance.now() < deadline) {
        const state = (await container.inspect()).State;
        if (!state.Running) {
          throw new Error(
            `The engine container exited (code ${state.ExitCode}) before ready:\n${(await logs()).slice(-4000)}`,
          );
        }
        try {
          const response = await fetch(`${url}/ready`, { headers, signal: AbortSignal.timeout(2000) });
          if (response.ok && ((await response.json()) as { ready?: boolean }).ready === true) {
            return Math.round(performance.now() - started);
          }
        } catch {
          // Not listening yet.
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`The engine was not ready after ${timeoutMs} ms:\n${(await logs()).slice(-4000)}`);
    };

    const startToReadyMs = options.waitReady === false ? null : await waitReady();
    return {
      url,
      apiKey,
      headers,
      containerId: container.id,
      container,
      startToReadyMs,
      logs,
      waitReady,
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
