import { describe, expect, it } from 'vitest';
import type { GpuHints } from '../../../../../contract/domain.ts';
import { resolveDockerEndpoint } from '../../../../../electron/services/docker/index.ts';

const _noHints: GpuHints = { nvidiaRuntime: false, cdiDevices: [], wsl2: false, verdict: 'unlikely' };

describe('dockerEndpoint: what the user reads', () => {
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
});
