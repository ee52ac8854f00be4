/**
 * Container lifecycle on the shared daemon with a small stand-in engine (fakeEngine.ts) for the cases the
 * real engine cannot stage cheaply: a crash while starting, a start that never gets ready, orphans of a
 * "previous run", a busy port, a crash while serving, and the start-new-then-stop-old replacement.
 * Everything is labelled with this file's session ids and removed by those labels only.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EngineState } from '../../../../../contract/domain.ts';
import {
  createDockerServices,
  DockerDaemon,
  type DockerServices,
  ENGINE_HARDENING,
  type EngineContainerEvent,
  EngineStartError,
  listEngineContainers,
  startEngineContainer,
  stopEngineContainer,
} from '../../../../../electron/services/docker/index.ts';
import { buildFakeEngine, removeTestContainers, uniqueTag } from '../../../support/standInEngine.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../../../..');
const sessions: string[] = [];
// Our own instance: orphan handling never sees (adopts or removes) engines of others sharing the daemon.
const instance = `test-${randomUUID()}`;
let docker: Docker;
let fakeImage: string;
const opened: DockerServices[] = [];

function session(): string {
  const id = `test-${randomUUID()}`;
  sessions.push(id);
  return id;
}

function services(
  sessionId: string,
  extra: { preferredHostPort?: number; readyTimeoutMs?: number } = {},
): DockerServices {
  const s = createDockerServices({
    contextDir: path.join(repoRoot, 'docker'),
    settings: () => ({
      imageSource: 'pull',
      imageRefs: { cpu: fakeImage, gpu: fakeImage },
      allowGpuFallback: true,
    }),
    engine: {
      sessionId,
      instance,
      hardening: () => ENGINE_HARDENING,
      stopTimeoutSeconds: 2,
      readyTimeoutMs: 60_000,
      ...extra,
    },
  });
  opened.push(s);
  return s;
}

beforeAll(async () => {
  docker = await new DockerDaemon().client();
  fakeImage = await buildFakeEngine(docker, uniqueTag('fake-engine'));
});

afterEach(async () => {
  for (const s of opened.splice(0)) await s.dispose({ keepRunning: false }).catch(() => undefined);
  await removeTestContainers(docker, sessions);
});

afterAll(async () => {
  await removeTestContainers(docker, sessions);
  await docker
    .getImage(fakeImage)
    .remove({ force: true })
    .catch(() => undefined);
});

describe('engine container lifecycle (stand-in engine)', () => {
  it('starts hardened on a 127.0.0.1 port Docker picked, with a fresh API key, and stops', async () => {
    const id = session();
    const first = await startEngineContainer(docker, {
      image: fakeImage,
      device: 'cpu',
      sessionId: id,
      instance,
      hardening: ENGINE_HARDENING,
    });
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const info = await docker.getContainer(first.id).inspect();
    expect(info.HostConfig.ReadonlyRootfs).toBe(true);
    expect(info.HostConfig.CapDrop).toEqual(['ALL']);
    expect(info.HostConfig.SecurityOpt).toContain('no-new-privileges:true');
    expect(info.HostConfig.Memory).toBeGreaterThan(0);
    expect(info.HostConfig.PidsLimit).toBeGreaterThan(0);
    expect(Object.keys(info.HostConfig.Tmpfs ?? {})).toEqual(
      expect.arrayContaining(['/tmp', '/app/uploads', '/app/processed']),
    );
    expect(info.Config.Labels).toMatchObject({
      app: 'facecraft-desktop',
      'facecraft.variant': 'cpu',
      'facecraft.session': id,
    });
    expect((await fetch(`${first.url}/status`)).status).toBe(401);
    expect((await fetch(`${first.url}/status`, { headers: { 'X-API-Key': first.apiKey } })).status).toBe(200);
    await stopEngineContainer(docker, first.id, 2);
    const second = await startEngineContainer(docker, {
      image: fakeImage,
      device: 'cpu',
      sessionId: id,
      instance,
    });
    expect(second.apiKey).not.toBe(first.apiKey);
    await stopEngineContainer(docker, second.id, 2);
    expect(
      await listEngineContainers(docker, 'cpu', instance).then((list) =>
        list.filter((c) => c.Labels['facecraft.session'] === id),
      ),
    ).toEqual([]);
  });

  it('a crash while starting fails with engine-start-failed carrying the last 50 log lines, and leaves no container', async () => {
    const id = session();
    const error = await startEngineContainer(docker, {
      image: fakeImage,
      device: 'cpu',
      sessionId: id,
      instance,
      env: { FAKE_CRASH: '1' },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineStartError);
    const startError = error as EngineStartError;
    expect(startError.code).toBe('engine-start-failed');
    expect(startError.message).toMatch(/exit code 3/);
    expect(startError.logTail).toHaveLength(50);
    expect(startError.logTail.at(-1)).toMatch(/FATAL cannot load the segmentation model/);
    const left = (await listEngineContainers(docker, undefined, instance)).filter(
      (c) => c.Labels['facecraft.session'] === id,
    );
    expect(left).toEqual([]);
  });

  it('an engine that never gets ready fails after the configured timeout with its log lines', async () => {
    const id = session();
    const error = await startEngineContainer(docker, {
      image: fakeImage,
      device: 'cpu',
      sessionId: id,
      instance,
      env: { FAKE_READY_AFTER_MS: '600000' },
      readyTimeoutMs: 3000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineStartError);
    expect((error as EngineStartError).message).toMatch(/did not become ready within 3 s/);
    expect((error as EngineStartError).logTail).toContain('fake engine: listening on 8000');
  });

  it('a busy port (something already listens on the preferred one) does not stop the start', async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const busy = (server.address() as { port: number }).port;
    try {
      const s = services(session(), { preferredHostPort: busy });
      const state = await s.engine.start('cpu');
      expect(state.status).toBe('ready');
      expect(state.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(state.url).not.toBe(`http://127.0.0.1:${busy}`);
      expect(state.reported?.type).toBe('cpu');
      await s.engine.stop();
    } finally {
      server.close();
    }
    // The same port once free is used as asked: the fallback above was the busy port's doing.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const again = services(session(), { preferredHostPort: busy });
    expect((await again.engine.start('cpu')).url).toBe(`http://127.0.0.1:${busy}`);
  });

  it('adopts a healthy orphan of the same variant left by a previous run', async () => {
    const previousRun = session();
    const orphan = await startEngineContainer(docker, {
      image: fakeImage,
      device: 'cpu',
      sessionId: previousRun,
      instance,
      hardening: ENGINE_HARDENING,
    });
    const s = services(session());
    const state = await s.engine.start('cpu');
    expect(state.status).toBe('ready');
    expect(state.containerId).toBe(orphan.id);
    expect(s.engine.connection()).toMatchObject({ url: orphan.url, apiKey: orphan.apiKey });
  });

  it('removes an orphan that no longer runs and starts a fresh engine', async () => {
    const previousRun = session();
    const orphan = await startEngineContainer(docker, {
      image: fakeImage,
      device: 'cpu',
      sessionId: previousRun,
      instance,
    });
    await docker.getContainer(orphan.id).stop({ t: 1 });
    const s = services(session());
    const state = await s.engine.start('cpu');
    expect(state.status).toBe('ready');
    expect(state.containerId).not.toBe(orphan.id);
    const gone = await docker
      .getContainer(orphan.id)
      .inspect()
      .then(() => false)
      .catch((e: { statusCode?: number }) => e.statusCode === 404);
    expect(gone).toBe(true);
  });

  it("never adopts or removes another instance's engine (others sharing the daemon)", async () => {
    const neighbour = await startEngineContainer(docker, {
      image: fakeImage,
      device: 'cpu',
      sessionId: session(),
      instance: `neighbour-${randomUUID()}`,
    });
    const s = services(session());
    const state = await s.engine.start('cpu');
    expect(state.containerId).not.toBe(neighbour.id);
    expect((await docker.getContainer(neighbour.id).inspect()).State.Running).toBe(true);
    await stopEngineContainer(docker, neighbour.id, 1);
  });

  it('restart starts the new engine and waits for ready before stopping the old one', async () => {
    const s = services(session());
    const events: EngineContainerEvent[] = [];
    s.docker.onContainerEvent((e) => events.push(e));
    s.docker.watch();
    const first = await s.engine.start('cpu');
    const oldId = first.containerId as string;
    const states: EngineState[] = [];
    s.engine.onState((st) => states.push(st));
    const connectionsDuringSwitch: (string | undefined)[] = [];
    s.engine.onState(() => connectionsDuringSwitch.push(s.engine.connection()?.containerId));
    const second = await s.engine.restart();
    const newId = second.containerId as string;
    expect(newId).not.toBe(oldId);
    expect(second.status).toBe('ready');
    await waitFor(() => events.some((e) => e.containerId === oldId && e.action === 'destroy'));
    const newStart = events.findIndex((e) => e.containerId === newId && e.action === 'start');
    const oldDie = events.findIndex((e) => e.containerId === oldId && e.action === 'die');
    expect(newStart).toBeGreaterThanOrEqual(0);
    expect(oldDie).toBeGreaterThan(newStart);
    // While the new one was starting, requests still went to the old engine; never to none.
    expect(connectionsDuringSwitch).not.toContain(undefined);
    expect(states.some((st) => st.status === 'stopped' || st.status === 'error')).toBe(false);
  });

  it('an engine that dies while serving is reported, and restart brings a new one up', async () => {
    const s = services(session());
    s.docker.watch();
    const first = await s.engine.start('cpu');
    await docker.getContainer(first.containerId as string).kill();
    await waitFor(() => s.engine.state.status === 'error');
    expect(s.engine.state.error?.code).toBe('engine-unreachable');
    expect(s.engine.state.error?.message).toMatch(/stopped unexpectedly/);
    const again = await s.engine.restart();
    expect(again.status).toBe('ready');
    expect(again.containerId).not.toBe(first.containerId);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
