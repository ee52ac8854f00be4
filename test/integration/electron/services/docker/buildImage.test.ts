/**
 * Building with the classic builder through the API (a tar of the context honouring .dockerignore):
 * the real docker/ context (fast once the layer cache is warm), an in-band build error, and a cancel.
 * Every tag built here is unique to this run and removed afterwards.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageProgress } from '../../../../../contract/domain.ts';
import { FacecraftError } from '../../../../../contract/errors.ts';
import { buildImage, DockerDaemon, imageExists } from '../../../../../electron/services/docker/index.ts';
import { buildExtraCa, ensureEngineImage } from '../../../../support/engineImage.ts';
import { uniqueTag } from '../../../support/standInEngine.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../../../..');
let docker: Docker;
const tags: string[] = [];
const dirs: string[] = [];

function tinyContext(dockerfile: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fc-build-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'Dockerfile.cpu'), dockerfile);
  return dir;
}

beforeAll(async () => {
  docker = await new DockerDaemon().client();
  // Warms the layer cache the same way the engine's own tests build it.
  await ensureEngineImage();
});

afterAll(async () => {
  for (const tag of tags) {
    await docker
      .getImage(tag)
      .remove()
      .catch(() => undefined);
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('building an engine image', () => {
  it('builds docker/ with Dockerfile.cpu, streaming log lines and step n/m up to m/m, and tags it', async () => {
    const tag = uniqueTag('build');
    tags.push(tag);
    const progress: ImageProgress[] = [];
    const lines: string[] = [];
    const extraCa = buildExtraCa();
    const final = await buildImage(docker, {
      device: 'cpu',
      contextDir: path.join(repoRoot, 'docker'),
      tag,
      onProgress: (p) => progress.push(p),
      onLog: (line) => lines.push(line),
      throttleMs: 0,
      buildArgs: extraCa ? { EXTRA_CA_CERT: extraCa } : undefined,
    });
    expect(final.phase).toBe('done');
    expect(lines.some((line) => /^Step 1\/\d+ : ARG NODE_IMAGE/.test(line))).toBe(true);
    const steps = progress.map((p) => p.step).filter((s): s is { n: number; m: number } => s !== null);
    const m = steps[0]?.m ?? 0;
    expect(m).toBeGreaterThan(5);
    expect(steps.at(-1)).toEqual({ n: m, m });
    for (let i = 1; i < steps.length; i++) expect(steps[i]?.n).toBeGreaterThanOrEqual(steps[i - 1]?.n ?? 0);
    expect(final.totalBytes).toBe(m);
    expect(lines.some((line) => /Successfully tagged/.test(line))).toBe(true);
    expect(await imageExists(docker, tag)).toBe(true);
    const cached = lines.filter((line) => line.includes('Using cache')).length;
    // The first step that ran instead of coming from the cache (a changed file, or a context that differs).
    const firstUncached =
      lines.find(
        (line, i) =>
          /^Step \d+\/\d+ : (?!FROM |ARG )/.test(line) &&
          !(lines[i + 1] ?? '').startsWith(' ---> Using cache'),
      ) ?? 'none';
    console.log(
      `[launcher] build of docker/: ${m} steps, ${cached} from the layer cache, first uncached: ${firstUncached}, ${Math.round((Date.now() - final.startedAt) / 1000)} s`,
    );
  });

  it('a failing step is an image-build-failed error with the output that explains it', async () => {
    const tag = uniqueTag('build-fail');
    tags.push(tag);
    const dir = tinyContext('FROM debian:bookworm-slim\nRUN echo "compiling the addon" && exit 7\n');
    const error = await buildImage(docker, { device: 'cpu', contextDir: dir, tag }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FacecraftError);
    expect((error as FacecraftError).code).toBe('image-build-failed');
    expect((error as FacecraftError).message).toMatch(/returned a non-zero code: 7/);
    expect((error as FacecraftError).message).toMatch(/compiling the addon/);
    expect(await imageExists(docker, tag)).toBe(false);
  });

  it('cancelling a build stops it and leaves no tag', async () => {
    const tag = uniqueTag('build-cancel');
    tags.push(tag);
    const dir = tinyContext(
      `FROM debian:bookworm-slim\nRUN echo ${Date.now()} && sleep 120\nRUN echo never\n`,
    );
    const abort = new AbortController();
    const error = await buildImage(docker, {
      device: 'cpu',
      contextDir: dir,
      tag,
      signal: abort.signal,
      onLog: (line) => {
        if (line.startsWith('Step 2/3')) abort.abort();
      },
    }).catch((e: unknown) => e);
    expect((error as FacecraftError).code).toBe('cancelled');
    expect(await imageExists(docker, tag)).toBe(false);
  });
});
