import { describe, expect, it } from 'vitest';
import type { GpuHints } from '../../../../contract/domain.ts';
import {
  classifyConnectionError,
  compareApiVersions,
  demuxLogBuffer,
  explainGpuFailure,
  gpuHintsFromInfo,
  parseStep,
  resolveDockerEndpoint,
} from '../../../../electron/services/docker/index.ts';
import { pullFailure } from '../../../../electron/services/docker/pullImage.ts';

const noHints: GpuHints = { nvidiaRuntime: false, cdiDevices: [], wsl2: false, verdict: 'unlikely' };

describe('what the user reads', () => {
  it('a missing default socket without any docker CLI means Docker is not installed', () => {
    const endpoint = resolveDockerEndpoint({ env: {}, homeDir: '/nonexistent', platform: 'linux' });
    const error = Object.assign(new Error('connect ENOENT /var/run/docker.sock'), { code: 'ENOENT' });
    const result = classifyConnectionError(error, endpoint, false);
    expect(result.state).toBe('not-installed');
    expect(result.message).toMatch(/Install Docker Desktop/);
    expect(classifyConnectionError(error, endpoint, true).state).toBe('not-running');
  });

  it('Windows resolves the named pipe', () => {
    const endpoint = resolveDockerEndpoint({ env: {}, homeDir: 'C:\\Users\\x', platform: 'win32' });
    expect(endpoint.url).toBe('npipe:////./pipe/docker_engine');
  });

  it('DOCKER_HOST tcp with TLS verification uses https on 2376; ssh keeps the user', () => {
    const tls = resolveDockerEndpoint({
      env: { DOCKER_HOST: 'tcp://10.0.0.5', DOCKER_TLS_VERIFY: '1' },
      homeDir: '/x',
      platform: 'linux',
    });
    expect(tls.url).toBe('tcp://10.0.0.5:2376');
    expect(tls.options.protocol).toBe('https');
    const plain = resolveDockerEndpoint({
      env: { DOCKER_HOST: 'tcp://10.0.0.5:2375' },
      homeDir: '/x',
      platform: 'linux',
    });
    expect(plain.options).toMatchObject({ protocol: 'http', host: '10.0.0.5', socketPath: undefined });
    const ssh = resolveDockerEndpoint({
      env: { DOCKER_HOST: 'ssh://me@build-box' },
      homeDir: '/x',
      platform: 'linux',
    });
    expect(ssh.options).toMatchObject({ protocol: 'ssh', host: 'build-box', username: 'me' });
  });

  it('translates the GPU driver error into what to install', () => {
    const text = 'could not select device driver "" with capabilities: [[gpu]]';
    expect(explainGpuFailure(text, noHints)).toMatch(
      /install the NVIDIA Container Toolkit and restart Docker/,
    );
    expect(explainGpuFailure(text, { ...noHints, wsl2: true })).toMatch(/WSL2 in Docker Desktop/);
  });

  it('GPU hints: a WSL2 kernel or a runtime is "maybe", CDI NVIDIA devices are "likely", nothing is "unlikely"', () => {
    expect(
      gpuHintsFromInfo({ KernelVersion: '5.15.167.4-microsoft-standard-WSL2', Runtimes: { runc: {} } })
        .verdict,
    ).toBe('maybe');
    expect(gpuHintsFromInfo({ Runtimes: { nvidia: {}, runc: {} } })).toMatchObject({
      nvidiaRuntime: true,
      verdict: 'maybe',
    });
    expect(
      gpuHintsFromInfo({ DiscoveredDevices: [{ Source: 'cdi', ID: 'nvidia.com/gpu=0' }] }),
    ).toMatchObject({
      cdiDevices: ['nvidia.com/gpu=0'],
      verdict: 'likely',
    });
    expect(gpuHintsFromInfo({ Runtimes: { runc: {} }, KernelVersion: '6.1.0-18-amd64' }).verdict).toBe(
      'unlikely',
    );
  });

  it('pull failures: disk full has its own code; a missing image names the reference', () => {
    expect(pullFailure('x/y:z', 'failed to register layer: no space left on device').code).toBe('disk-full');
    expect(pullFailure('x/y:z', 'manifest for x/y:z not found: manifest unknown').message).toMatch(
      /x\/y:z was not found/,
    );
  });

  it('build steps, API versions and multiplexed logs', () => {
    expect(parseStep('Step 3/14 : RUN apt-get update')).toEqual({ n: 3, m: 14 });
    expect(parseStep(' ---> Running in abc')).toBeNull();
    expect(compareApiVersions('1.41', '1.40')).toBeGreaterThan(0);
    expect(compareApiVersions('1.39', '1.40')).toBeLessThan(0);
    const frame = (kind: number, text: string) => {
      const payload = Buffer.from(text);
      const header = Buffer.alloc(8);
      header[0] = kind;
      header.writeUInt32BE(payload.length, 4);
      return Buffer.concat([header, payload]);
    };
    expect(demuxLogBuffer(Buffer.concat([frame(1, 'out line\n'), frame(2, 'err line\n')]))).toBe(
      'out line\nerr line\n',
    );
  });
});
