import { describe, expect, it } from 'vitest';
import type { GpuHints } from '../../../../../contract/domain.ts';
import { compareApiVersions } from '../../../../../electron/services/docker/index.ts';

const _noHints: GpuHints = { nvidiaRuntime: false, cdiDevices: [], wsl2: false, verdict: 'unlikely' };

describe('dockerDaemon', () => {
  it('compares API versions to refuse a daemon older than 1.40', () => {
    expect(compareApiVersions('1.41', '1.40')).toBeGreaterThan(0);
    expect(compareApiVersions('1.39', '1.40')).toBeLessThan(0);
  });
});
