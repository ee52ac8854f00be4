/**
 * The published image's container behaviours, against the behaviour double in a real container
 * (test/support/upstreamDouble), started by the launcher exactly as it starts that image: kind from
 * the image, environment, hardening, readiness, a failed model load, a busy orphan.
 * Everything is labelled with this file's sessions and instance and removed by those only.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROCESS_OPTIONS } from '../../../../../contract/processOptions.ts';
import {
  createDockerServices,
  DockerDaemon,
  type DockerServices,
  EngineStartError,
  startEngineContainer,
} from '../../../../../electron/services/docker/index.ts';
import { EngineClient } from '../../../../../electron/services/engineClient/engineClient.ts';
import { PUBLISHED_ENGINE_PROFILE } from '../../../../../electron/services/engineKind/engineKind.ts';
import { dockerCli } from '../../../../support/dockerCommand.ts';
import { fixturePath } from '../../../../support/fixtures.ts';
import { ensureUpstreamDouble } from '../../../../support/upstreamDouble.ts';
import { removeTestContainers } from '../../../support/standInEngine.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../../../..');
const instance = `test-published-${randomUUID()}`;
const sessions: string[] = [];
const opened: DockerServices[] = [];
const derived: string[] = [];
let docker: Docker;
let doubleImage: string;

function session(): string {
  const id = `test-${randomUUID()}`;
  sessions.push(id);
  return id;
}

/** The double with knobs baked in (the launcher passes no test environment). */
async function doubleWith(env: Record<string, string>): Promise<string> {
  const tag = `${doubleImage}-${Object.entries(env)
    .map(([k, v]) => `${k}${v}`)
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9.-]/g, '')}`.slice(0, 120);
  const lines = [`FROM ${doubleImage}`, ...Object.entries(env).map(([k, v]) => `ENV ${k}=${v}`)];
  const { spawnSync } = await import('node:child_process');
  const built = spawnSync('docker', ['build', '-q', '-t', tag, '-'], {
    input: lines.join('\n'),
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(built.stderr);
  derived.push(tag);
  return tag;
}

function services(image: string, sessionId: string = session()): DockerServices {
  const s = createDockerServices({
    contextDir: path.join(repoRoot, 'docker'),
    settings: () => ({ imageSource: 'pull', imageRefs: { cpu: image, gpu: image }, allowGpuFallback: true }),
    engine: { sessionId, instance, stopTimeoutSeconds: 2, readyTimeoutMs: 90_000 },
  });
  opened.push(s);
  return s;
}

beforeAll(async () => {
  docker = await new DockerDaemon().client();
  doubleImage = await ensureUpstreamDouble();
});

afterEach(async () => {
  for (const s of opened.splice(0)) await s.dispose({ keepRunning: false }).catch(() => undefined);
  await removeTestContainers(docker, sessions);
});

afterAll(async () => {
  await removeTestContainers(docker, sessions);
  for (const tag of derived) await dockerCli(['rmi', tag]).catch(() => undefined);
});

describe('published image (double) in its container', () => {
  it('double: silent while loading, it is recognised from the image, started hardened, and serves', async () => {
    const image = await doubleWith({ DOUBLE_LOAD_MS: '4000' });
    const s = services(image);
    const state = await s.engine.start('cpu');
    expect(state.status).toBe('ready');
    expect(state.engine?.kind).toBe('published');
    expect(state.engine?.unavailableOptions.enhance_face).toMatch(/face enhancer/);
    const info = await docker.getContainer(state.containerId ?? '').inspect();
    const env = Object.fromEntries((info.Config.Env ?? []).map((line) => line.split(/=(.*)/s).slice(0, 2)));
    // What it needs to survive a read-only root, bounded threads, CORS closed, 127.0.0.1 only.
    expect(info.HostConfig.ReadonlyRootfs).toBe(true);
    expect(env.NUMBA_CACHE_DIR).toBe('/tmp/numba');
    expect(Number(env.OMP_NUM_THREADS)).toBeGreaterThan(0);
    expect(env.OPENBLAS_NUM_THREADS).toBe(env.OMP_NUM_THREADS);
    expect(env.FACECRAFT_CORS_ORIGINS).toMatch(/\.invalid$/);
    expect(info.HostConfig.CapDrop).toEqual(['ALL']);
    // Its HEALTHCHECK would probe /ready every 30 s (a model reload each time after a failed load): off.
    expect(info.Config.Healthcheck?.Test).toEqual(['NONE']);
    const bindings = info.NetworkSettings.Ports['8000/tcp'] ?? [];
    expect(bindings.every((b) => b.HostIp === '127.0.0.1')).toBe(true);
    // A web page cannot read its answers: no CORS grant for a foreign origin.
    const answer = await fetch(`${state.url}/status`, { headers: { origin: 'https://evil.example' } });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    // And it processes a photo in the colour chosen, with the oval off.
    const client = new EngineClient({ url: state.url ?? '', apiKey: null, kind: 'published' });
    const photo = await client.processPhoto(
      { bytes: new Uint8Array(await readFile(fixturePath('elderly-man-wrinkled-face.jpg'))), name: 'a.jpg' },
      { ...structuredClone(DEFAULT_PROCESS_OPTIONS), ovalMask: false, background: { r: 255, g: 0, b: 0 } },
    );
    expect(photo.pngBackground).toBe('filled');
  });

  it('double: under a read-only root without a writable numba cache it exits, and the start says so with its log', async () => {
    const sessionId = session();
    const failure = await startEngineContainer(docker, {
      image: doubleImage,
      device: 'cpu',
      sessionId,
      instance,
      // Exactly the launcher's container, less the one variable that keeps it alive.
      profile: { ...PUBLISHED_ENGINE_PROFILE, environment: () => ({}) },
      readyTimeoutMs: 60_000,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EngineStartError);
    expect((failure as EngineStartError).message).toMatch(/stopped while starting with exit code 1/);
    expect((failure as EngineStartError).logTail.join('\n')).toMatch(/no locator available/);
  });

  it('double: a failed model load fails the start at once with the log tail, without a pile of reloads', async () => {
    const image = await doubleWith({ DOUBLE_LOAD_FAILS: '1', DOUBLE_LOAD_MS: '500' });
    const s = services(image);
    const failure = await s.engine.start('cpu').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EngineStartError);
    expect((failure as EngineStartError).message).toMatch(/could not load its models/);
    const tail = (failure as EngineStartError).logTail.join('\n');
    expect(tail).toMatch(/Error initializing processor/);
    // The first load at start-up and the one our single /ready triggered: no more.
    expect(tail.match(/Loading models/g)?.length).toBeLessThanOrEqual(2);
    expect(s.engine.state.status).toBe('error');
  });

  it('double: an orphan busy with a photo is adopted after a patient check, not removed', async () => {
    const image = await doubleWith({ DOUBLE_PROCESS_MS: '9000' });
    const first = services(image);
    const running = await first.engine.start('cpu');
    const client = new EngineClient({ url: running.url ?? '', apiKey: null, kind: 'published' });
    // Keeps the engine blocked (it answers nothing) while a second launcher starts.
    const busy = client.processPhoto(
      { bytes: new Uint8Array(await readFile(fixturePath('elderly-man-wrinkled-face.jpg'))), name: 'a.jpg' },
      structuredClone(DEFAULT_PROCESS_OPTIONS),
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // A second launcher (another session, same instance: the app started while the CLI works).
    const second = services(image);
    const adopted = await second.engine.start('cpu');
    if (adopted.containerId !== running.containerId) {
      const old = await docker
        .getContainer(running.containerId ?? '')
        .inspect()
        .catch((error: unknown) => ({ gone: String(error) }));
      console.error('not adopted; the first engine now:', JSON.stringify(old).slice(0, 600));
    }
    expect(adopted.containerId).toBe(running.containerId);
    const photo = await busy;
    expect(photo.png.byteLength).toBeGreaterThan(0);
  });
});
