import { describe, expect, it } from 'vitest';
import type { GpuHints } from '../../../../../contract/domain.ts';
import { explainGpuFailure, gpuHintsFromInfo } from '../../../../../electron/services/docker/index.ts';

const noHints: GpuHints = { nvidiaRuntime: false, cdiDevices: [], wsl2: false, verdict: 'unlikely' };

describe('gpuCapability: what the user reads', () => {
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
});
