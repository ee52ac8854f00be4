/**
 * A fresh isolated dockerd that registers a fake `nvidia` runtime (runc under that name), and a real local
 * registry holding the real engine image. On that daemon: the pull's progress, a cancelled pull, the GPU
 * hints versus the probe's verdict, and the GPU variant falling back to CPU only when allowed.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Device, ImageProgress } from '../../../../../contract/domain.ts';
import { FacecraftError } from '../../../../../contract/errors.ts';
import {
  createDockerServices,
  type DockerServices,
  imageExists,
} from '../../../../../electron/services/docker/index.ts';
import { ensureEngineImage } from '../../../../support/engineImage.ts';
import { type IsolatedDaemon, startIsolatedDaemon } from '../../../../support/isolatedDaemon.ts';
import { type LocalRegistry, startLocalRegistry } from '../../../../support/localRegistry.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../../../..');
// Two shared cores: the real engine's model loading and warm-up took 75–135 s here under load.
const ENGINE_READY_TIMEOUT_MS = 480_000;
const ENGINE_TEST_TIMEOUT_MS = 600_000;
let registry: LocalRegistry;
let daemon: IsolatedDaemon;
let reference: string;
let allowGpuFallback = true;
let services: DockerServices;

beforeAll(async () => {
  const image = await ensureEngineImage();
  registry = await startLocalRegistry();
  reference = await registry.push(image, `facecraft/engine:cpu-${randomUUID().slice(0, 8)}`);
  daemon = await startIsolatedDaemon({ runtimes: { nvidia: { path: 'runc' } } });
  services = createDockerServices({
    contextDir: path.join(repoRoot, 'docker'),
    settings: () => ({
      imageSource: 'pull',
      imageRefs: { cpu: reference, gpu: reference },
      allowGpuFallback,
    }),
    connection: { environment: { env: { DOCKER_HOST: daemon.dockerHost } } },
    engine: {
      sessionId: `test-${randomUUID()}`,
      instance: `test-${randomUUID()}`,
      stopTimeoutSeconds: 5,
      readyTimeoutMs: ENGINE_READY_TIMEOUT_MS,
    },
  });
});

afterAll(async () => {
  // Everything below lives only in the isolated daemon and the temporary registry.
  await services?.dispose({ keepRunning: false }).catch(() => undefined);
  await daemon?.stop();
  await registry?.stop();
});

function watchProgress(device: Device): { values: ImageProgress[]; stop: () => void } {
  const values: ImageProgress[] = [];
  const stop = services.images.onProgress((p) => {
    if (p.device === device) values.push(p);
  });
  return { values, stop };
}

describe('pulling the engine image from a local registry into an empty daemon', () => {
  it('shows one monotonic byte figure whose total is the compressed size the registry lists', async () => {
    const progress = watchProgress('cpu');
    const status = await services.images.prepare('cpu', 'pull');
    progress.stop();
    expect(status.present).toBe(true);
    expect(status.reference).toBe(reference);

    const expectedTotal = (await registry.layerSizes(reference)).reduce((a, b) => a + b, 0);
    const last = progress.values.at(-1) as ImageProgress;
    expect(last.phase).toBe('done');
    expect(last.totalBytes).toBe(expectedTotal);
    expect(last.currentBytes).toBe(expectedTotal);
    const currents = progress.values.map((p) => p.currentBytes);
    for (let i = 1; i < currents.length; i++)
      expect(currents[i]).toBeGreaterThanOrEqual(currents[i - 1] as number);
    const phases = new Set(progress.values.map((p) => p.phase));
    expect(phases).toContain('downloading');
    expect(phases).toContain('extracting');
    // A view opened now replays the last value.
    expect(services.images.lastProgress('cpu')).toEqual(last);
    expect((await services.images.status('cpu')).progress?.phase).toBe('done');
  });

  it('a reference the registry does not have fails with a sentence naming it', async () => {
    const missing = `${registry.host}/facecraft/engine:does-not-exist`;
    const docker = await services.docker.client();
    const { pullImage } = await import('../../../../../electron/services/docker/index.ts');
    const error = await pullImage(docker, missing, { device: 'cpu' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FacecraftError);
    expect((error as FacecraftError).code).toBe('image-pull-failed');
    expect((error as FacecraftError).message).toMatch(/was not found/);
    expect(await imageExists(docker, missing)).toBe(false);
  });
});

describe('GPU on a daemon with a fake nvidia runtime (no NVIDIA GPU exists here)', () => {
  it('the hints say "maybe", the probe says not usable and explains what to install', async () => {
    const capability = await services.gpu.check(true);
    expect(capability.hints.nvidiaRuntime).toBe(true);
    expect(capability.hints.verdict).toBe('maybe');
    expect(capability.usable).toBe(false);
    expect(capability.reason).toMatch(/install the NVIDIA Container Toolkit and restart Docker/);
    expect(capability.reason).not.toMatch(/could not select device driver/);
    // The probe left nothing behind.
    const docker = await services.docker.client();
    expect(
      await docker.listContainers({ all: true, filters: { label: ['facecraft.role=gpu-probe'] } }),
    ).toEqual([]);
  });

  it('without permission to fall back, starting the GPU variant fails with that reason', async () => {
    allowGpuFallback = false;
    const error = await services.engine.start('gpu').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FacecraftError);
    expect((error as FacecraftError).code).toBe('gpu-unavailable');
    expect((error as FacecraftError).message).toMatch(/NVIDIA Container Toolkit/);
    expect(services.engine.state.status).toBe('error');
    expect(services.engine.connection()).toBeNull();
  });

  it(
    'with permission, the GPU choice falls back to the CPU engine and says why',
    async () => {
      allowGpuFallback = true;
      const state = await services.engine.start('gpu');
      expect(state.status).toBe('ready');
      expect(state.device).toBe('cpu');
      expect(state.fallback?.from).toBe('gpu');
      expect(state.fallback?.reason).toMatch(/NVIDIA Container Toolkit/);
      expect(state.reported?.type).toBe('cpu');
      await services.engine.stop();
    },
    ENGINE_TEST_TIMEOUT_MS,
  );
});

describe('cancelling a pull', () => {
  it('cancelling mid-download leaves no tag behind', async () => {
    const docker = await services.docker.client();
    // Only the isolated daemon holds this image: remove it so the pull starts from nothing.
    await docker.getImage(reference).remove({ force: true });
    expect(await imageExists(docker, reference)).toBe(false);
    const progress: ImageProgress[] = [];
    const stop = services.images.onProgress((p) => {
      progress.push(p);
      if (p.currentBytes > 0 && p.phase === 'downloading') services.images.cancel('cpu');
    });
    const error = await services.images.prepare('cpu', 'pull').catch((e: unknown) => e);
    stop();
    expect((error as FacecraftError).code).toBe('cancelled');
    expect(services.images.lastProgress('cpu')?.phase).toBe('cancelled');
    expect(await imageExists(docker, reference)).toBe(false);
    // The daemon drops an abandoned pull; nothing shows up later either.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await imageExists(docker, reference)).toBe(false);
    expect((await services.images.status('cpu')).present).toBe(false);
  });
});
