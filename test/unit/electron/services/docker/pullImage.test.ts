import { describe, expect, it } from 'vitest';
import type { GpuHints } from '../../../../../contract/domain.ts';
import { pullFailure } from '../../../../../electron/services/docker/pullImage.ts';

const _noHints: GpuHints = { nvidiaRuntime: false, cdiDevices: [], wsl2: false, verdict: 'unlikely' };

describe('pullImage: what the user reads', () => {
  it('pull failures: disk full has its own code; a missing image names the reference', () => {
    expect(pullFailure('x/y:z', 'failed to register layer: no space left on device').code).toBe('disk-full');
    expect(pullFailure('x/y:z', 'manifest for x/y:z not found: manifest unknown').message).toMatch(
      /x\/y:z was not found/,
    );
  });

  it("an unreachable registry: the daemon's own text in brackets, without the HTTP client's prefix", () => {
    const failure = pullFailure(
      'x/y:z',
      '(HTTP code 500) server error - Get "https://ghcr.io/v2/": proxyconnect tcp: dial tcp 127.0.0.1:9: connect: connection refused ',
    );
    expect(failure.message).toBe(
      'Could not reach the registry for x/y:z (Get "https://ghcr.io/v2/": proxyconnect tcp: dial tcp 127.0.0.1:9: connect: connection refused). Check the internet connection and try again.',
    );
  });
});
