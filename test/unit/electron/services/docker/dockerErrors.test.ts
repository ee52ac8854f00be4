import { describe, expect, it } from 'vitest';
import type { GpuHints } from '../../../../../contract/domain.ts';
import {
  classifyConnectionError,
  resolveDockerEndpoint,
} from '../../../../../electron/services/docker/index.ts';

const _noHints: GpuHints = { nvidiaRuntime: false, cdiDevices: [], wsl2: false, verdict: 'unlikely' };

describe('dockerErrors: what the user reads', () => {
  it('a missing default socket without any docker CLI means Docker is not installed', () => {
    const endpoint = resolveDockerEndpoint({ env: {}, homeDir: '/nonexistent', platform: 'linux' });
    const error = Object.assign(new Error('connect ENOENT /var/run/docker.sock'), { code: 'ENOENT' });
    const result = classifyConnectionError(error, endpoint, false);
    expect(result.state).toBe('not-installed');
    expect(result.message).toMatch(/Install Docker Desktop/);
    expect(classifyConnectionError(error, endpoint, true).state).toBe('not-running');
  });
});
