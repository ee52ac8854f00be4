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
});
