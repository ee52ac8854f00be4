/**
 * `facecraft doctor --engine URL --key KEY` as a user runs it (a child process), with our real engine
 * container as a URL engine and a second address where nothing answers: doctor lists both, each with
 * what it found, and exits 1 because one failed.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../../../../electron/cli/commands/doctor.ts';
import { freePort } from '../../../../support/dockerCommand.ts';
import {
  ensureEngineImage,
  type RunningEngine,
  startEngineContainer,
} from '../../../../support/engineImage.ts';
import { REPO_ROOT } from '../../../../support/fixtures.ts';

let engine: RunningEngine;
let dataDir: string;

function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'electron/cli/main.ts'), ...args], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        FACECRAFT_DATA_DIR: dataDir,
        FACECRAFT_ENGINE_INSTANCE: 'cli-doctor-url-test',
        ...env,
      },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'fc-doctor-'));
  engine = await startEngineContainer({
    image: await ensureEngineImage(),
    labels: { 'facecraft.test': 'cli-doctor-url' },
  });
});

afterAll(async () => {
  await engine?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('facecraft doctor --engine', () => {
  it('lists each URL engine with kind, device, version and readiness, or the sentence of its failure', async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const run = await cli(['doctor', '--json', '--engine', engine.url, '--engine', nowhere], {
      FACECRAFT_ENGINE_KEY: engine.apiKey ?? '',
    });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as DoctorReport;
    expect(report.urlEngines).toEqual([
      expect.objectContaining({
        ok: true,
        url: engine.url,
        kind: 'facecraft',
        ready: true,
        device: expect.objectContaining({ type: 'cpu' }),
      }),
      {
        ok: false,
        url: nowhere,
        error: { code: 'engine-unreachable', message: expect.stringMatching(/^Nothing answers at/) },
      },
    ]);
  });

  it('says a wrong key was refused, and passes with the right one', async () => {
    const wrong = await cli(['doctor', '--engine', engine.url, '--key', 'not-the-key']);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain(
      `URL engine: ${engine.url} — The engine at ${engine.url} refused the API key (HTTP 401).`,
    );
    const right = await cli(['doctor', '--engine', engine.url, '--key', engine.apiKey ?? '']);
    expect(right.code).toBe(0);
    expect(right.stdout).toMatch(
      new RegExp(`URL engine: ${engine.url} — ready, facecraft engine \\S+, runs on cpu`),
    );
  });
});
