/**
 * The real engine image (docker/Dockerfile.cpu) under the EngineManager on the shared daemon: start,
 * wait for /ready, read /status, switch without a gap, stop. Logs the measured time from start to ready.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FacecraftError } from '../../../../../contract/errors.ts';
import {
  createDockerServices,
  type DockerServices,
  type EngineContainerEvent,
} from '../../../../../electron/services/docker/index.ts';
import { ensureEngineImage } from '../../../../support/engineImage.ts';
import { FIXTURES_DIR } from '../../../../support/fixtures.ts';
import { removeTestContainers } from '../../../support/standInEngine.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../../../..');
// Two shared cores: the real engine's model loading and warm-up took 75–135 s here under load.
const ENGINE_READY_TIMEOUT_MS = 480_000;
const ENGINE_TEST_TIMEOUT_MS = 600_000;
const sessionId = `test-${randomUUID()}`;
let image: string;
let services: DockerServices;
let allowGpuFallback = true;

beforeAll(async () => {
  image = await ensureEngineImage();
  services = createDockerServices({
    contextDir: path.join(repoRoot, 'docker'),
    // Pull source with the local tag as reference: present, so nothing is pulled.
    settings: () => ({ imageSource: 'pull', imageRefs: { cpu: image, gpu: image }, allowGpuFallback }),
    engine: {
      sessionId,
      instance: `test-${randomUUID()}`,
      stopTimeoutSeconds: 10,
      readyTimeoutMs: ENGINE_READY_TIMEOUT_MS,
    },
  });
  services.docker.watch();
});

afterAll(async () => {
  await services?.dispose({ keepRunning: false }).catch(() => undefined);
  const docker = await services.docker.client();
  await removeTestContainers(docker, [sessionId]);
});

describe('the real engine under the EngineManager', () => {
  it(
    'starts hardened, gets ready, reports the CPU in /status and enforces its fresh API key',
    async () => {
      const started = performance.now();
      const state = await services.engine.start('cpu');
      const startToReadyMs = Math.round(performance.now() - started);
      console.log(`[launcher] real engine: start → ready in ${startToReadyMs} ms`);
      expect(state.status).toBe('ready');
      expect(state.device).toBe('cpu');
      expect(state.reported?.type).toBe('cpu');
      expect(state.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const connection = services.engine.connection();
      expect(connection?.url).toBe(state.url);
      expect((await fetch(`${state.url}/status`)).status).toBe(401);
      expect((await fetch(`${state.url}/health`)).status).toBe(200);
      const docker = await services.docker.client();
      const info = await docker.getContainer(state.containerId as string).inspect();
      expect(info.HostConfig.ReadonlyRootfs).toBe(true);
      expect(info.HostConfig.CapDrop).toEqual(['ALL']);
    },
    ENGINE_TEST_TIMEOUT_MS,
  );

  it(
    'turns a photo into a portrait under that hardening (uploads and results are writable for the engine user)',
    async () => {
      const connection = services.engine.connection();
      expect(connection).not.toBeNull();
      const form = new FormData();
      const photo = readFileSync(path.join(FIXTURES_DIR, 'frontal-woman-astronaut-orange-suit.png'));
      form.append('file', new Blob([photo], { type: 'image/png' }), 'astronaut.png');
      form.append('size', '256');
      const response = await fetch(`${connection?.url}/api/v1/process/quick`, {
        method: 'POST',
        headers: { 'X-API-Key': connection?.apiKey ?? '' },
        body: form,
      });
      expect(response.status, await response.clone().text()).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/png');
      const png = Buffer.from(await response.arrayBuffer());
      // PNG signature, then the IHDR width and height: a 256×256 portrait.
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([256, 256]);
    },
    ENGINE_TEST_TIMEOUT_MS,
  );

  it('switching to an unusable GPU without permission to fall back keeps the CPU engine serving', async () => {
    const before = services.engine.state.containerId;
    allowGpuFallback = false;
    const error = await services.engine.start('gpu').catch((e: unknown) => e);
    expect((error as FacecraftError).code).toBe('gpu-unavailable');
    expect(services.engine.state.status).toBe('ready');
    expect(services.engine.state.containerId).toBe(before);
    expect(services.engine.connection()?.containerId).toBe(before);
  });

  it('switching to the GPU with fallback allowed keeps the running CPU engine and explains the fallback', async () => {
    const before = services.engine.state.containerId;
    allowGpuFallback = true;
    const state = await services.engine.start('gpu');
    expect(state.status).toBe('ready');
    expect(state.device).toBe('cpu');
    expect(state.fallback?.from).toBe('gpu');
    expect(state.containerId).toBe(before);
  });

  it(
    'replacing the engine starts the new one and waits for ready before stopping the old one',
    async () => {
      const events: EngineContainerEvent[] = [];
      const unsubscribe = services.docker.onContainerEvent((e) => events.push(e));
      const oldId = services.engine.state.containerId as string;
      const state = await services.engine.restart();
      const newId = state.containerId as string;
      expect(newId).not.toBe(oldId);
      expect(state.reported?.type).toBe('cpu');
      const deadline = Date.now() + 60_000;
      while (
        !events.some((e) => e.containerId === oldId && e.action === 'destroy') &&
        Date.now() < deadline
      ) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      unsubscribe();
      const newStart = events.findIndex((e) => e.containerId === newId && e.action === 'start');
      const oldDie = events.findIndex((e) => e.containerId === oldId && e.action === 'die');
      expect(newStart).toBeGreaterThanOrEqual(0);
      expect(oldDie).toBeGreaterThan(newStart);
    },
    ENGINE_TEST_TIMEOUT_MS,
  );

  it('stop removes the container and clears the connection', async () => {
    const id = services.engine.state.containerId as string;
    const state = await services.engine.stop();
    expect(state.status).toBe('stopped');
    expect(services.engine.connection()).toBeNull();
    const docker = await services.docker.client();
    const gone = await docker
      .getContainer(id)
      .inspect()
      .then(() => false)
      .catch((e: { statusCode?: number }) => e.statusCode === 404);
    expect(gone).toBe(true);
  });
});

describe('the engine the user asked for, when Docker goes away and returns', () => {
  it(
    'comes back by itself once Docker answers again (main does it: no window, no Retry)',
    async () => {
      // DOCKER_HOST names a socket path that is absent (Docker stopped), then a link to the real socket
      // (Docker back): the same path, as a restarted Docker Desktop gives it.
      const dir = mkdtempSync(path.join(tmpdir(), 'fc-docker-returns-'));
      const socket = path.join(dir, 'docker.sock');
      const returning = createDockerServices({
        contextDir: path.join(repoRoot, 'docker'),
        settings: () => ({
          imageSource: 'pull',
          imageRefs: { cpu: image, gpu: image },
          allowGpuFallback: true,
        }),
        connection: { environment: { env: { DOCKER_HOST: `unix://${socket}` }, homeDir: dir } },
        engine: {
          sessionId,
          instance: `test-${randomUUID()}`,
          stopTimeoutSeconds: 10,
          readyTimeoutMs: ENGINE_READY_TIMEOUT_MS,
        },
      });
      try {
        await expect(returning.engine.start('cpu')).rejects.toMatchObject({ code: 'docker-not-running' });
        expect(returning.engine.state.status).toBe('error');
        expect(returning.engine.wanted).toBe('cpu');

        symlinkSync('/var/run/docker.sock', socket);
        const ready = new Promise<void>((resolve) => {
          const off = returning.engine.onState((state) => {
            if (state.status === 'ready') {
              off();
              resolve();
            }
          });
        });
        expect((await returning.docker.check()).state).toBe('ready');
        await ready;
        expect(returning.engine.state.reported?.type).toBe('cpu');
        expect(returning.engine.connection()?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

        // Stopped on purpose: no longer wanted, so a later return of Docker leaves it stopped.
        await returning.engine.stop();
        expect(returning.engine.wanted).toBeNull();
      } finally {
        await returning.dispose({ keepRunning: false }).catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      }
    },
    ENGINE_TEST_TIMEOUT_MS,
  );
});
