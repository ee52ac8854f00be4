/**
 * `facecraft start --ref REFERENCE` and `facecraft stop`, as a user runs them: the engine image named on
 * the command line (here the published image's behaviour double, as djok/facecraft:cpu would be) is the
 * one that starts, is recognised as the published kind, and is stopped again.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerDaemon } from '../../../../../electron/services/docker/index.ts';
import { ensureUpstreamDouble } from '../../../../support/upstreamDouble.ts';
import { type CliRun, runCliProcess } from '../../../support/cliProcess.ts';

const instance = `test-cli-start-ref-${randomUUID()}`;
let double: string;
let dataDir: string;
const daemon = new DockerDaemon();

function cli(args: string[]): Promise<CliRun> {
  return runCliProcess(args, { FACECRAFT_DATA_DIR: dataDir, FACECRAFT_ENGINE_INSTANCE: instance });
}

async function ourContainers() {
  const docker = await daemon.client();
  return docker.listContainers({ all: true, filters: { label: [`facecraft.instance=${instance}`] } });
}

beforeAll(async () => {
  double = await ensureUpstreamDouble();
  dataDir = await mkdtemp(path.join(tmpdir(), 'fc-cli-start-ref-'));
});

afterAll(async () => {
  const docker = await daemon.client();
  for (const c of await ourContainers())
    await docker
      .getContainer(c.Id)
      .remove({ force: true })
      .catch(() => undefined);
  daemon.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('facecraft start --ref', () => {
  it('double: start --ref runs the image named, recognised as the published image, and stop ends it', async () => {
    const run = await cli(['start', '--device', 'cpu', '--ref', double, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const state = JSON.parse(run.stdout) as {
      status: string;
      containerId: string;
      engine: { kind: string; title: string } | null;
    };
    expect(state.status).toBe('ready');
    expect(state.engine?.kind).toBe('published');
    const running = await ourContainers();
    expect(running.map((c) => c.Id)).toEqual([state.containerId]);
    expect(running[0]?.Image).toBe(double);
    expect((await cli(['start', '--help'])).stdout).toMatch(/--ref REFERENCE/);

    const stop = await cli(['stop', '--device', 'cpu']);
    expect(stop.code).toBe(0);
    expect(stop.stdout.trim()).toBe('Stopped the cpu engine.');
    expect(await ourContainers()).toEqual([]);
  });
});
