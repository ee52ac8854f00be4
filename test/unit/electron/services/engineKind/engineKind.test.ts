/** Deciding the engine's kind from the image, and the sentences for what only a GPU host can show. */
import { describe, expect, it } from 'vitest';
import { profileOfImage } from '../../../../../electron/services/docker/engineManager.ts';
import { explainGpuFailure } from '../../../../../electron/services/docker/gpuCapability.ts';
import { kindFromLabels } from '../../../../../electron/services/engineKind/detectEngineKind.ts';
import {
  PUBLISHED_ENGINE_PROFILE,
  threadBound,
} from '../../../../../electron/services/engineKind/engineKind.ts';
import {
  driverTooOldError,
  isDriverTooOld,
} from '../../../../../electron/services/engineKind/engineSentences.ts';

describe('engine kind', () => {
  it('our labels make an image ours whatever its name; no labels make it the published kind', () => {
    expect(kindFromLabels({ 'io.facecraft.device': 'cpu' })).toBe('facecraft-desktop');
    expect(kindFromLabels({ 'org.opencontainers.image.title': 'x' })).toBeNull();
    expect(profileOfImage(null).profile.kind).toBe('published');
    expect(
      profileOfImage({ Config: { Labels: { 'io.facecraft.engine': 'facecraft-desktop' } } } as never).profile
        .kind,
    ).toBe('facecraft-desktop');
  });

  it('bounds the threads of each library, even on a 64-core machine', () => {
    expect(threadBound(64)).toBe(8);
    expect(threadBound(2)).toBe(2);
    expect(PUBLISHED_ENGINE_PROFILE.environment().NUMBA_CACHE_DIR).toBe('/tmp/numba');
  });

  it("the published image's container: its home left as the image has it, uploads and results writable by uid 1000, its device never overridden", () => {
    const { tmpfs } = PUBLISHED_ENGINE_PROFILE.hardening;
    // A tmpfs over /home/appuser would hide the u2net model: rembg would download 170 MB at every start.
    expect(Object.keys(tmpfs).some((place) => place.startsWith('/home'))).toBe(false);
    expect(tmpfs['/app/uploads']).toMatch(/uid=1000,gid=1000/);
    expect(tmpfs['/app/processed']).toMatch(/uid=1000,gid=1000/);
    expect(tmpfs['/tmp']).toMatch(/mode=1777/);
    // An invalid FACECRAFT_DEVICE kills its processor: the image's own value stays.
    expect(PUBLISHED_ENGINE_PROFILE.environment()).not.toHaveProperty('FACECRAFT_DEVICE');
  });

  it('the published image is given time: busy is not dead, one photo in flight, requests that outlast a blocked engine', () => {
    expect(PUBLISHED_ENGINE_PROFILE.patientCheckMs).toBeGreaterThanOrEqual(60_000);
    expect(PUBLISHED_ENGINE_PROFILE.photosInFlight).toBe(1);
    expect(PUBLISHED_ENGINE_PROFILE.requestTimeoutMs).toBeGreaterThanOrEqual(10 * 60_000);
    expect(PUBLISHED_ENGINE_PROFILE.readiness).toEqual({ kind: 'health-then-ready', readyTimeoutMs: 60_000 });
  });
});

describe('driver too old (GPU images)', () => {
  // The NVIDIA runtime's own text when the host driver is older than the image's CUDA (no GPU here).
  const text =
    'OCI runtime create failed: container_linux.go:380: starting container process caused: process_linux.go:545: container init caused: Running hook #0:: error running hook: exit status 1, stdout: , stderr: nvidia-container-cli: requirement error: unsatisfied condition: cuda>=12.1, please update your driver to a newer version, or use an earlier cuda container: unknown';

  it('is explained as an old NVIDIA driver, not as "no GPU"', () => {
    expect(isDriverTooOld(text)).toBe(true);
    const error = driverTooOldError(text);
    expect(error.code).toBe('gpu-unavailable');
    expect(error.message).toBe(
      'The NVIDIA driver on this computer is too old for the GPU engine, which needs CUDA 12.1 or newer. Update the NVIDIA driver, or use the CPU engine meanwhile.',
    );
    expect(isDriverTooOld('could not select device driver "" with capabilities: [[gpu]]')).toBe(false);
    // The GPU check says the same when its probe container meets it.
    expect(explainGpuFailure(text, { nvidiaRuntime: true, wsl2: false } as never)).toBe(error.message);
  });
});
