/**
 * A GPU host whose NVIDIA driver is older than the GPU images' CUDA 12.1, reproduced for real here
 * (no NVIDIA hardware needed): a dockerd that finds `nvidia-container-runtime-hook` on its PATH registers
 * its NVIDIA device driver, as on a host with the NVIDIA Container Toolkit, and runs that hook before
 * every container that asks for a GPU. The hook given here fails as the toolkit's does on an old driver
 * (`requirement error: unsatisfied condition: cuda>=12.1`). The GPU check and a GPU start must both say
 * "update the NVIDIA driver", not "no GPU".
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDockerServices, type DockerServices } from '../../../../../electron/services/docker/index.ts';
import { driverTooOldError } from '../../../../../electron/services/engineKind/engineSentences.ts';
import { type IsolatedDaemon, startIsolatedDaemon } from '../../../../support/isolatedDaemon.ts';
import { ensureUpstreamDouble } from '../../../../support/upstreamDouble.ts';

const OLD_DRIVER =
  'nvidia-container-cli: requirement error: unsatisfied condition: cuda>=12.1, please update your driver to a newer version, or use an earlier cuda container';

let hookDir: string;
let daemon: IsolatedDaemon;
let services: DockerServices;

beforeAll(async () => {
  hookDir = mkdtempSync(path.join(tmpdir(), 'fc-old-driver-hook-'));
  const hook = path.join(hookDir, 'nvidia-container-runtime-hook');
  writeFileSync(hook, `#!/bin/sh\necho '${OLD_DRIVER}' >&2\nexit 1\n`);
  chmodSync(hook, 0o755);
  daemon = await startIsolatedDaemon({ env: { PATH: `${hookDir}:${process.env.PATH ?? ''}` } });
  // The published image's double stands in for the GPU image: only the GPU request matters here.
  const image = await ensureUpstreamDouble();
  await daemon.loadImage(image);
  services = createDockerServices({
    contextDir: hookDir,
    settings: () => ({ imageSource: 'pull', imageRefs: { cpu: image, gpu: image }, allowGpuFallback: false }),
    connection: { environment: { env: { DOCKER_HOST: daemon.dockerHost } } },
    engine: { stopTimeoutSeconds: 2, readyTimeoutMs: 60_000 },
  });
});

afterAll(async () => {
  await services?.dispose({ keepRunning: false });
  await daemon?.stop();
  if (hookDir) rmSync(hookDir, { recursive: true, force: true });
});

describe('GPU host with an NVIDIA driver older than CUDA 12.1', () => {
  const sentence = driverTooOldError(OLD_DRIVER).message;

  it('the GPU check says to update the NVIDIA driver', async () => {
    const capability = await services.gpu.check(true);
    expect(capability.usable).toBe(false);
    expect(capability.reason).toBe(sentence);
    expect(sentence).toMatch(/Update the NVIDIA driver/);
  });

  it('starting the GPU engine without the CPU fallback fails with the same sentence', async () => {
    const failure = await services.engine.start('gpu').then(
      () => null,
      (error: unknown) => error as Error & { code?: string },
    );
    expect(failure?.code).toBe('gpu-unavailable');
    expect(failure?.message).toContain(sentence);
    expect(services.engine.state.status).not.toBe('ready');
  });
});
