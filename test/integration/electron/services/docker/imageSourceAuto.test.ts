/**
 * Our engine by default ('auto'): pulled from the project's registry with progress when it is there,
 * built from the bundled recipe (with the build's progress and one sentence why) when it cannot be
 * pulled, or stopped with a question when the settings say to ask. A real local registry and an
 * isolated daemon (empty, so nothing is present by accident, and its facecraft:cpu is its own).
 * The image pushed is the small published-image double and the build context a one-step Dockerfile:
 * what is tested is the launcher's path, not the engine.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageProgress } from '../../../../../contract/domain.ts';
import { DockerDaemon, ImageService } from '../../../../../electron/services/docker/index.ts';
import { type IsolatedDaemon, startIsolatedDaemon } from '../../../../support/isolatedDaemon.ts';
import { type LocalRegistry, startLocalRegistry } from '../../../../support/localRegistry.ts';
import { ensureUpstreamDouble } from '../../../../support/upstreamDouble.ts';

let registry: LocalRegistry;
let daemon: IsolatedDaemon;
let connection: DockerDaemon;
let contextDir: string;
let ownRepository: string;
let askBeforeBuilding = false;

function service(cpuReference: string): { images: ImageService; progress: ImageProgress[] } {
  const progress: ImageProgress[] = [];
  const images = new ImageService({
    daemon: connection,
    contextDir,
    ownRepository,
    throttleMs: 0,
    settings: () => ({
      imageSource: 'auto',
      askBeforeBuilding,
      imageRefs: { cpu: cpuReference, gpu: cpuReference },
    }),
  });
  images.onProgress((p) => progress.push(p));
  return { images, progress };
}

beforeAll(async () => {
  const double = await ensureUpstreamDouble();
  registry = await startLocalRegistry();
  ownRepository = `${registry.host}/facecraft-desktop/facecraft-engine`;
  await registry.push(double, 'facecraft-desktop/facecraft-engine:0.1.0-cpu');
  daemon = await startIsolatedDaemon();
  await daemon.loadImage('node:24-bookworm-slim');
  connection = new DockerDaemon({ environment: { env: { DOCKER_HOST: daemon.dockerHost } } });
  contextDir = mkdtempSync(path.join(tmpdir(), 'fc-auto-context-'));
  writeFileSync(
    path.join(contextDir, 'Dockerfile.cpu'),
    'FROM node:24-bookworm-slim\nLABEL io.facecraft.device="cpu"\nRUN echo "the bundled recipe"\n',
  );
});

afterAll(async () => {
  connection?.close();
  await daemon?.stop();
  await registry?.stop();
  if (contextDir) rmSync(contextDir, { recursive: true, force: true });
});

describe("image source 'auto'", () => {
  it('pulls our image from the registry with a growing byte figure, and builds nothing', async () => {
    const { images, progress } = service(`${ownRepository}:0.1.0-cpu`);
    const status = await images.prepare('cpu');
    expect(status.present).toBe(true);
    expect(status.reference).toBe(`${ownRepository}:0.1.0-cpu`);
    const pulls = progress.filter((p) => p.kind === 'pull');
    expect(pulls.at(-1)?.phase).toBe('done');
    expect(pulls.some((p) => p.totalBytes > 0 && p.currentBytes > 0)).toBe(true);
    expect(progress.some((p) => p.kind === 'build')).toBe(false);
  });

  it('a refused pull (not published yet) becomes a build with its progress and one sentence why', async () => {
    const { images, progress } = service(`${ownRepository}:9.9.9-cpu`);
    const status = await images.prepare('cpu');
    expect(status.present).toBe(true);
    expect(status.reference).toBe('facecraft:cpu');
    const builds = progress.filter((p) => p.kind === 'build');
    expect(builds.at(-1)?.phase).toBe('done');
    expect(builds.some((p) => p.step !== null)).toBe(true);
    expect(builds[0]?.note).toMatch(
      /^The engine image could not be downloaded \(.+\), so it is being built on this computer from the bundled recipe; this takes a few minutes\.$/,
    );
    // Next time 'auto' finds the build and neither pulls nor builds.
    expect((await images.status('cpu')).reference).toBe('facecraft:cpu');
  });

  it('with "ask before building", a refused pull stops with a sentence offering the build', async () => {
    askBeforeBuilding = true;
    try {
      const docker = await connection.client();
      await docker
        .getImage('facecraft:cpu')
        .remove({ force: true })
        .catch(() => undefined);
      const { images, progress } = service(`${ownRepository}:9.9.9-cpu`);
      const failure = await images.prepare('cpu').then(
        () => Object.assign(new Error('no failure'), { code: 'none' }),
        (error: unknown) => error as Error & { code: string },
      );
      expect(failure.code).toBe('image-pull-failed');
      expect(failure.message).toMatch(/Build it on this computer/);
      expect(progress.some((p) => p.kind === 'build')).toBe(false);
    } finally {
      askBeforeBuilding = false;
    }
  });

  it('an image that is not ours (the published one, chosen by the user) is never replaced by a build', async () => {
    const { images, progress } = service(`${registry.host}/djok/facecraft:cpu`);
    const failure = await images.prepare('cpu').then(
      () => Object.assign(new Error('no failure'), { code: 'none' }),
      (error: unknown) => error as Error & { code: string },
    );
    expect(failure.code).toBe('image-pull-failed');
    expect(progress.some((p) => p.kind === 'build')).toBe(false);
  });
});
