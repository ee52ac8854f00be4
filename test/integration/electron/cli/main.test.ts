/**
 * The headless CLI as a user runs it (a child process of `node electron/cli/main.ts`), on this
 * machine's Docker with the locally built CPU engine: start, doctor, process the fixture folder.
 * One engine for the whole file: `start` launches it, `process` adopts it.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, ensureEngineImage } from '../../../support/engineImage.ts';
import { FIXTURES_DIR as FIXTURES } from '../../../support/fixtures.ts';
import { type CliRun, runCliProcess } from '../../support/cliProcess.ts';
import { pngSize } from '../../support/pngSize.ts';

let dataDir: string;
let outDir: string;
let containerId: string | null = null;

function cli(args: string[]): Promise<CliRun> {
  // Its own engine instance, so other tests sharing this daemon and this file never touch each other's engines.
  return runCliProcess(args, {
    FACECRAFT_DATA_DIR: dataDir,
    FACECRAFT_ENGINE_INSTANCE: 'launcher-app-cli-test',
  });
}

beforeAll(async () => {
  await ensureEngineImage();
  dataDir = await mkdtemp(path.join(tmpdir(), 'fc-cli-data-'));
  outDir = await mkdtemp(path.join(tmpdir(), 'fc-cli-out-'));
});

afterAll(async () => {
  // Only the engine this file started.
  if (containerId)
    await docker
      .getContainer(containerId)
      .remove({ force: true })
      .catch(() => undefined);
  await rm(dataDir, { recursive: true, force: true });
  await rm(outDir, { recursive: true, force: true });
});

describe('facecraft CLI (real Docker, CPU engine)', { timeout: 1_200_000 }, () => {
  it('prints help for every command', async () => {
    for (const command of ['doctor', 'pull', 'build', 'start', 'stop', 'process']) {
      const run = await cli([command, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`Usage: facecraft ${command}`));
    }
  });

  it('refuses bad arguments with exit code 1 and a sentence', async () => {
    const run = await cli(['process', FIXTURES, '--out', outDir, '--background', 'pink']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--background must be a colour like #F0F0F0/);
  });

  it('start --device cpu gets the engine ready and says where', async () => {
    const run = await cli(['start', '--device', 'cpu', '--source', 'build', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const state = JSON.parse(run.stdout) as {
      status: string;
      containerId: string;
      url: string;
      readyMs: number;
    };
    containerId = state.containerId;
    expect(state.status).toBe('ready');
    expect(state.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    console.log(`cli start → ready: ${(state.readyMs / 1000).toFixed(1)} s`);
  });

  it('doctor --json: Docker ready, the engine running, GPU not usable here with a reason', async () => {
    const run = await cli(['doctor', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      docker: { state: string; endpoint: string };
      images: { reference: string; present: boolean }[];
      gpu: { usable: boolean; reason: string; hints: { verdict: string } };
      engines: { containerId: string; version: string | null }[];
    };
    expect(report.docker.state).toBe('ready');
    expect(report.docker.endpoint).toMatch(/^unix:\/\//);
    expect(report.images.find((i) => i.reference === 'facecraft:cpu')?.present).toBe(true);
    expect(report.gpu.usable).toBe(false);
    expect(report.gpu.reason.length).toBeGreaterThan(20);
    expect(report.gpu.hints.verdict).toMatch(/likely|maybe|unlikely/);
    const ours = report.engines.find((e) => e.containerId === containerId);
    expect(ours?.version).toBeTruthy();
  });

  it('process of the fixture folder writes a PNG per photo with a face and exits 2 for the one without', async () => {
    const started = performance.now();
    const run = await cli([
      'process',
      FIXTURES,
      '--out',
      outDir,
      '--device',
      'cpu',
      '--source',
      'build',
      '--json',
    ]);
    const seconds = (performance.now() - started) / 1000;
    expect(run.code).toBe(2);
    const summary = JSON.parse(run.stdout) as {
      counts: { total: number; done: number; failed: number };
      photos: {
        path: string;
        state: string;
        outputs: string[];
        error: { code: string; message: string } | null;
      }[];
      skipped: { path: string; reason: string }[];
      processingMs: number;
    };
    console.log(
      `cli process of ${summary.counts.total} fixtures: ${seconds.toFixed(1)} s in all, ${(summary.processingMs / 1000).toFixed(1)} s processing; ${summary.counts.done} done, ${summary.counts.failed} failed: ${summary.photos
        .filter((p) => p.state !== 'done')
        .map((p) => `${path.basename(p.path)} (${p.error?.code})`)
        .join(', ')}`,
    );
    expect(summary.counts.total).toBe(14);
    expect(summary.skipped.map((s) => path.basename(s.path))).toEqual(['SOURCES.md']);
    const palm = summary.photos.find((p) => p.path.endsWith('no-face-landscape-palm-beach.jpg'));
    expect(palm?.state).toBe('failed');
    expect(palm?.error?.code).toBe('no-face');
    for (const p of summary.photos) {
      if (p.state === 'failed') expect(p.error?.message).toBeTruthy();
      else expect(p.state).toBe('done');
    }
    const done = summary.photos.filter((p) => p.state === 'done');
    expect(done.length).toBeGreaterThanOrEqual(10);
    const expected = done.map((p) => `${path.parse(p.path).name}.png`).sort();
    expect((await readdir(outDir)).sort()).toEqual(expected);
    for (const name of expected)
      expect(pngSize(await readFile(path.join(outDir, name)))).toEqual({ width: 648, height: 648 });
  });

  it('never overwrites: processing a photo again into the same folder adds " (2)"', async () => {
    const photo = path.join(FIXTURES, 'elderly-man-wrinkled-face.jpg');
    const run = await cli([
      'process',
      photo,
      '--out',
      outDir,
      '--source',
      'build',
      '--width',
      '300',
      '--height',
      '400',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/1 of 1 photos became portraits/);
    const again = await readFile(path.join(outDir, 'elderly-man-wrinkled-face (2).png'));
    expect(pngSize(again)).toEqual({ width: 300, height: 400 });
    expect(pngSize(await readFile(path.join(outDir, 'elderly-man-wrinkled-face.png')))).toEqual({
      width: 648,
      height: 648,
    });
  });

  it('stop --device cpu stops the engine it started, and says so', async () => {
    const run = await cli(['stop', '--device', 'cpu']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Stopped the cpu engine\./);
    const gone = await docker
      .getContainer(containerId!)
      .inspect()
      .then(() => false)
      .catch(() => true);
    expect(gone).toBe(true);
  });
});
