/**
 * `facecraft process --no-local --engine URL --key KEY` as a user runs it (a child process), with our
 * real engine container as the URL engine and no local engine at all: the JSON summary says which
 * engine made each photo; a wrong key stops the run with the engine's sentence; without --engine the
 * engines added in the app (urlEngines.json) are used, and doctor lists them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../../../../electron/cli/commands/doctor.ts';
import type { ProcessSummary } from '../../../../../electron/cli/commands/process.ts';
import { UrlEngineStore } from '../../../../../electron/services/settings/urlEngineStore.ts';
import {
  ensureEngineImage,
  type RunningEngine,
  startEngineContainer,
} from '../../../../support/engineImage.ts';
import { fixturePath } from '../../../../support/fixtures.ts';
import { runCliProcess } from '../../../support/cliProcess.ts';

const PHOTOS = ['dark-skin-man-frontal-beard.jpg', 'no-face-landscape-palm-beach.jpg'].map(fixturePath);
let engine: RunningEngine;
let dataDir: string;
const dirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'fc-cli-url-'));
  dirs.push(dir);
  return dir;
}

function cli(args: string[], env: Record<string, string> = {}) {
  // An instance of its own: nothing here may find (or stop) another test's local engine.
  return runCliProcess(args, {
    FACECRAFT_DATA_DIR: dataDir,
    FACECRAFT_ENGINE_INSTANCE: 'cli-url-engines-test',
    ...env,
  });
}

beforeAll(async () => {
  dataDir = await tempDir();
  engine = await startEngineContainer({
    image: await ensureEngineImage(),
    labels: { 'facecraft.test': 'cli-url-engines' },
  });
});

afterAll(async () => {
  await engine?.stop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('facecraft process on URL engines (real engine)', { timeout: 600_000 }, () => {
  it('--no-local --engine: every photo goes to that engine, and the summary says so', async () => {
    const out = await tempDir();
    const run = await cli(
      [
        'process',
        ...PHOTOS,
        '--out',
        out,
        '--width',
        '256',
        '--height',
        '256',
        '--no-local',
        '--engine',
        engine.url,
        '--json',
      ],
      { FACECRAFT_ENGINE_KEY: engine.apiKey ?? '' },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(2);
    const summary = JSON.parse(run.stdout) as ProcessSummary;
    expect(summary.device).toBeNull();
    expect(summary.photos.map((p) => [path.basename(p.path), p.state, p.engine])).toEqual([
      ['dark-skin-man-frontal-beard.jpg', 'done', engine.url],
      ['no-face-landscape-palm-beach.jpg', 'failed', null],
    ]);
    expect(summary.photos[1]?.error?.code).toBe('no-face');
    expect(summary.engines).toEqual([
      expect.objectContaining({ id: engine.url, kind: 'url', state: 'ready', done: 1, device: 'cpu' }),
    ]);
  });

  it('a wrong key stops the run with the sentence, and the key never appears in the output', async () => {
    const run = await cli([
      'process',
      PHOTOS[0]!,
      '--out',
      await tempDir(),
      '--no-local',
      '--engine',
      engine.url,
      '--key',
      'not-the-key',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`The engine at ${engine.url} refused the API key (HTTP 401).`);
    expect(`${run.stdout}${run.stderr}`).not.toContain('not-the-key');
  });

  it('without --engine, the engines added in the app do the work, and doctor lists them', async () => {
    const store = await UrlEngineStore.open(dataDir);
    await store.add({ url: engine.url, apiKey: engine.apiKey });
    const run = await cli([
      'process',
      PHOTOS[0]!,
      '--out',
      await tempDir(),
      '--width',
      '256',
      '--height',
      '256',
      '--no-local',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as ProcessSummary).photos[0]?.engine).toBe(engine.url);

    const doctor = await cli(['doctor', '--json']);
    const report = JSON.parse(doctor.stdout) as DoctorReport;
    expect(report.urlEngines).toEqual([
      expect.objectContaining({ ok: true, url: engine.url, kind: 'facecraft', ready: true }),
    ]);
    expect(doctor.stdout).not.toContain(engine.apiKey ?? '-');
  });
});
