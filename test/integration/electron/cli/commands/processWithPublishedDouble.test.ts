/**
 * `facecraft process` with the published image's behaviour double as its engine (--ref), as a user
 * runs it (a child process of `node electron/cli/main.ts`): the fixture folder with the oval off and a
 * red background, then with the oval on. Every photo must end done in the colour chosen, or failed
 * with a sentence. The double has no detector: it is told which fixture has no face (by its sha256).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerDaemon } from '../../../../../electron/services/docker/index.ts';
import { LOCAL_ENGINE_LABEL } from '../../../../../electron/services/jobQueue/poolMembers.ts';
import { dockerCli } from '../../../../support/dockerCommand.ts';
import { FIXTURES_DIR, REPO_ROOT } from '../../../../support/fixtures.ts';
import { isRed, leftEdgePixel } from '../../../../support/imagePixels.ts';
import {
  buildFixtureDouble,
  ensureUpstreamDouble,
  NO_FACE_FIXTURE,
} from '../../../../support/upstreamDouble.ts';

const NO_FACE = NO_FACE_FIXTURE;
const instance = `test-cli-double-${randomUUID()}`;
let image: string;
let dataDir: string;
const outDirs: string[] = [];

interface Summary {
  photos: {
    path: string;
    state: string;
    outputs: string[];
    error: { code: string; message: string } | null;
  }[];
  counts: { total: number; done: number; failed: number };
  optionsNotHonoured: { field: string; engine: string; photos: number; reason: string }[];
}

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'electron/cli/main.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, FACECRAFT_DATA_DIR: dataDir, FACECRAFT_ENGINE_INSTANCE: instance },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  const double = await ensureUpstreamDouble();
  image = await buildFixtureDouble(double, `${double}-cli`);
  dataDir = await mkdtemp(path.join(tmpdir(), 'fc-cli-double-data-'));
});

afterAll(async () => {
  const docker = await new DockerDaemon().client();
  const containers = await docker.listContainers({
    all: true,
    filters: { label: [`facecraft.instance=${instance}`] },
  });
  for (const c of containers)
    await docker
      .getContainer(c.Id)
      .remove({ force: true })
      .catch(() => undefined);
  await dockerCli(['rmi', image]).catch(() => undefined);
  await rm(dataDir, { recursive: true, force: true });
  for (const dir of outDirs) await rm(dir, { recursive: true, force: true });
});

async function run(extra: string[]): Promise<{ code: number | null; summary: Summary; out: string }> {
  const out = await mkdtemp(path.join(tmpdir(), 'fc-cli-double-out-'));
  outDirs.push(out);
  const result = await cli([
    'process',
    FIXTURES_DIR,
    '--out',
    out,
    '--ref',
    image,
    '--format',
    'both',
    '--json',
    ...extra,
  ]);
  const start = result.stdout.indexOf('{');
  if (start < 0) throw new Error(`no JSON summary:\n${result.stdout}\n${result.stderr}`);
  return { code: result.code, summary: JSON.parse(result.stdout.slice(start)) as Summary, out };
}

function expectSentences(summary: Summary): void {
  for (const photo of summary.photos.filter((p) => p.state !== 'done')) {
    expect(photo.state, photo.path).toBe('failed');
    expect(photo.error?.message, photo.path).toMatch(/^[A-Z].+\.$/);
    expect(photo.error?.message, photo.path).not.toMatch(/OpenCV|\/app\/|Traceback|Internal Server Error/);
  }
}

describe('facecraft process with the published image (double) as its engine', () => {
  it('double: oval off and a red background: every photo done in red (JPG and PNG), or failed with a sentence', async () => {
    const { code, summary } = await run(['--no-oval', '--background', '#ff0000']);
    expect(summary.counts.total).toBeGreaterThanOrEqual(10);
    expect(summary.photos.find((p) => p.path.endsWith(NO_FACE))?.state).toBe('failed');
    expect(code).toBe(2);
    expectSentences(summary);
    const done = summary.photos.filter((p) => p.state === 'done');
    expect(done.length).toBe(summary.counts.total - 1);
    // The touch-up is asked for by default; the published image ignores it, and the summary says so.
    expect(summary.optionsNotHonoured).toContainEqual({
      field: 'touch_up',
      engine: LOCAL_ENGINE_LABEL,
      photos: done.length,
      reason: 'Not available with the published Facecraft image: it ignores this option.',
    });
    for (const photo of done) {
      const jpg = photo.outputs.find((f) => f.endsWith('.jpg'));
      const png = photo.outputs.find((f) => f.endsWith('.png'));
      expect(jpg && png, photo.path).toBeTruthy();
      expect(isRed(await leftEdgePixel(jpg as string)), `${photo.path} jpg`).toBe(true);
      const pngCorner = await leftEdgePixel(png as string);
      expect(isRed(pngCorner), `${photo.path} png`).toBe(true);
      expect(pngCorner.a).toBe(255);
    }
  });

  it('double: oval on: every photo done with a transparent PNG outside the oval and a red JPG, or failed with a sentence', async () => {
    const { summary } = await run(['--background', '#ff0000']);
    expectSentences(summary);
    const done = summary.photos.filter((p) => p.state === 'done');
    expect(done.length).toBe(summary.counts.total - 1);
    for (const photo of done) {
      const jpg = photo.outputs.find((f) => f.endsWith('.jpg'));
      const png = photo.outputs.find((f) => f.endsWith('.png'));
      expect((await leftEdgePixel(png as string)).a, `${photo.path} png`).toBe(0);
      expect(isRed(await leftEdgePixel(jpg as string)), `${photo.path} jpg`).toBe(true);
    }
  });
});
