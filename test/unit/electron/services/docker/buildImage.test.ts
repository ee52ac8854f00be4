import { describe, expect, it } from 'vitest';
import type { GpuHints } from '../../../../../contract/domain.ts';
import { parseStep } from '../../../../../electron/services/docker/index.ts';

const _noHints: GpuHints = { nvidiaRuntime: false, cdiDevices: [], wsl2: false, verdict: 'unlikely' };

describe('buildImage: what the user reads', () => {
  it('reads the build step a log line starts, for "step n of m"', () => {
    expect(parseStep('Step 3/14 : RUN apt-get update')).toEqual({ n: 3, m: 14 });
    expect(parseStep(' ---> Running in abc')).toBeNull();
  });
});
