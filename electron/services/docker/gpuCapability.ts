/**
 * Whether the NVIDIA GPU is usable from Docker. `docker info` gives hints (an nvidia runtime, CDI
 * devices, a WSL2 kernel) with false positives and negatives both ways; the proof is a short probe
 * container started with a GPU DeviceRequest (never HostConfig.Runtime 'nvidia': Docker Desktop has no
 * such runtime, yet --gpus works there). The result is cached per daemon (endpoint + daemon ID).
 */

import type Docker from 'dockerode';
import type { GpuCapability, GpuHints } from '../../../contract/domain.ts';
import { errorMessageOf } from '../../../contract/errors.ts';
import { driverTooOldError, isDriverTooOld } from '../engineKind/engineSentences.ts';
import { Listeners } from '../listeners.ts';
import type { DaemonInfo, DockerDaemon } from './dockerDaemon.ts';
import { APP_LABEL, APP_LABEL_VALUE, ROLE_LABEL } from './labels.ts';

/** The GPU request, exactly as `docker run --gpus all` sends it (Capabilities is an array of arrays). */
export const GPU_DEVICE_REQUESTS: Docker.DeviceRequest[] = [
  { Driver: 'nvidia', Count: -1, Capabilities: [['gpu']] },
];

export function gpuHintsFromInfo(info: DaemonInfo): GpuHints {
  const raw = info;
  const nvidiaRuntime = Object.keys(raw.Runtimes ?? {}).some((name) => name.toLowerCase().includes('nvidia'));
  const cdiDevices = (raw.DiscoveredDevices ?? [])
    .filter(
      (device) =>
        device.Source === 'cdi' &&
        typeof device.ID === 'string' &&
        device.ID.toLowerCase().includes('nvidia'),
    )
    .map((device) => device.ID as string);
  const wsl2 =
    /WSL2$/i.test(raw.KernelVersion ?? '') || /microsoft-standard-WSL2/i.test(raw.KernelVersion ?? '');
  // A runtime or CDI device says the toolkit is installed; WSL2 only that it could be.
  const verdict: GpuHints['verdict'] =
    cdiDevices.length > 0 ? 'likely' : nvidiaRuntime || wsl2 ? 'maybe' : 'unlikely';
  return { nvidiaRuntime, cdiDevices, wsl2, verdict };
}

/** Translates docker's GPU errors into what to install or do. */
export function explainGpuFailure(text: string, hints: GpuHints): string {
  // cuda>=12.1 from the NVIDIA runtime: the GPU is there, its driver is too old (not "no GPU").
  if (isDriverTooOld(text)) return driverTooOldError(text).message;
  if (/could not select device driver .* with capabilities/i.test(text)) {
    const extra = hints.nvidiaRuntime
      ? ' (Docker lists an "nvidia" runtime, but no GPU driver answered the request.)'
      : '';
    return hints.wsl2
      ? `Docker could not give the container a GPU. Update the NVIDIA Windows driver, enable GPU support for WSL2 in Docker Desktop, and restart Docker Desktop.${extra}`
      : `Docker could not give the container a GPU: install the NVIDIA Container Toolkit and restart Docker.${extra}`;
  }
  if (/unknown or invalid runtime name: nvidia/i.test(text)) {
    return 'Docker has no nvidia runtime: install the NVIDIA Container Toolkit and restart Docker.';
  }
  if (/nvidia-container-cli|libnvidia-ml|driver\/library version mismatch|NVIDIA driver/i.test(text)) {
    return `The NVIDIA driver did not answer (${firstLine(text)}). Install or update the NVIDIA driver and restart the computer.`;
  }
  if (/no CUDA-capable device|no devices were found/i.test(text)) {
    return 'No NVIDIA GPU was found. GPU mode needs an NVIDIA graphics card; use CPU mode.';
  }
  return `Docker could not start a container with GPU access: ${firstLine(text)}`;
}

function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim()) ?? text).trim();
}

/**
 * Starts a short container with the GPU request and a trivial command. Never pulls: `image` must be
 * present (the engine image). Answers usable + a sentence.
 */
export async function probeGpu(
  docker: Docker,
  image: string,
  hints: GpuHints,
): Promise<{ usable: boolean; reason: string }> {
  let container: Docker.Container | null = null;
  try {
    container = await docker.createContainer({
      Image: image,
      Entrypoint: ['nvidia-smi'],
      Cmd: ['-L'],
      Labels: { [APP_LABEL]: APP_LABEL_VALUE, [ROLE_LABEL]: 'gpu-probe' },
      NetworkDisabled: true,
      HostConfig: { DeviceRequests: GPU_DEVICE_REQUESTS, AutoRemove: false, NetworkMode: 'none' },
    });
    try {
      await container.start();
    } catch (error) {
      const text = errorMessageOf(error);
      // nvidia-smi is injected by the NVIDIA hook; when absent the device request itself still succeeded.
      if (/executable file not found|no such file or directory/i.test(text) && !/device driver/i.test(text)) {
        return { usable: true, reason: 'Docker started a container with GPU access.' };
      }
      return { usable: false, reason: explainGpuFailure(text, hints) };
    }
    const result = (await container.wait()) as { StatusCode: number };
    const logs = (await container.logs({ stdout: true, stderr: true })).toString('utf8');
    const gpus = logs
      .split('\n')
      .map((line) => /GPU \d+: ([^(]+)/.exec(line)?.[1]?.trim())
      .filter((name): name is string => Boolean(name));
    if (result.StatusCode === 0) {
      return {
        usable: true,
        reason:
          gpus.length > 0 ? `GPU ready: ${gpus.join(', ')}.` : 'Docker started a container with GPU access.',
      };
    }
    return { usable: false, reason: explainGpuFailure(logs || `exit code ${result.StatusCode}`, hints) };
  } catch (error) {
    return { usable: false, reason: explainGpuFailure(errorMessageOf(error), hints) };
  } finally {
    await container?.remove({ force: true }).catch(() => undefined);
  }
}

export interface GpuCapabilityOptions {
  /** The Docker daemon connection. */
  daemon: DockerDaemon;
  /** Local images the probe may use, first present wins (e.g. the engine images). Never pulled. */
  probeImages: () => string[];
}

export class GpuCapabilityService {
  readonly #cache = new Map<string, GpuCapability>();
  readonly #listeners = new Listeners<GpuCapability>();
  readonly #options: GpuCapabilityOptions;
  #inFlight: Promise<GpuCapability> | null = null;

  constructor(options: GpuCapabilityOptions) {
    this.#options = options;
  }

  onChange(listener: (capability: GpuCapability) => void): () => void {
    return this.#listeners.on(listener);
  }

  /** Hints plus the probe's verdict; cached per daemon unless `refresh`. Throws only docker-* connection errors. */
  check(refresh = false): Promise<GpuCapability> {
    if (this.#inFlight) return this.#inFlight;
    this.#inFlight = this.#run(refresh)
      .catch(async (error: unknown) => {
        throw await this.#options.daemon.translate(error);
      })
      .finally(() => {
        this.#inFlight = null;
      });
    return this.#inFlight;
  }

  async #run(refresh: boolean): Promise<GpuCapability> {
    const docker = await this.#options.daemon.client();
    const identity = await this.#options.daemon.identity();
    const key = `${identity.endpoint}#${identity.id}`;
    const cached = this.#cache.get(key);
    if (cached && !refresh) return cached;
    const hints = gpuHintsFromInfo(this.#options.daemon.info ?? ((await docker.info()) as DaemonInfo));
    let image: string | null = null;
    for (const candidate of this.#options.probeImages()) {
      try {
        await docker.getImage(candidate).inspect();
        image = candidate;
        break;
      } catch {
        // Not present here: try the next one.
      }
    }
    const verdict = image
      ? await probeGpu(docker, image, hints)
      : {
          usable: false,
          reason:
            'GPU access is not proven yet: the check needs the engine image. Download or build it first, then check again.',
        };
    const capability: GpuCapability = { ...verdict, hints, checkedAt: Date.now() };
    // Without a probe image nothing was proven: do not cache that answer.
    if (image) this.#cache.set(key, capability);
    if (cached?.usable !== capability.usable || cached?.reason !== capability.reason)
      this.#listeners.emit(capability);
    return capability;
  }
}
