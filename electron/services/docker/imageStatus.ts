/**
 * Which engine image each variant uses, whether it is present, and the pull/build under way. The last
 * progress per variant is kept here in the main process so a view opened later can replay it.
 */
import type Docker from 'dockerode';
import type { Device, ImageProgress, ImageSource, ImageStatus } from '../../../contract/domain.ts';
import { FacecraftError } from '../../../contract/errors.ts';
import { Listeners } from '../listeners.ts';
import { buildImage, defaultBuildTag } from './buildImage.ts';
import type { DockerDaemon } from './dockerDaemon.ts';
import { ENGINE_REPOSITORY } from './engineImages.ts';
import { normalizeReference, pullImage } from './pullImage.ts';

export const DEVICES: readonly Device[] = ['cpu', 'gpu'];

export interface ImageSettings {
  imageSource: ImageSource;
  /** With 'auto': stop after a failed pull and ask (image-pull-failed) instead of building at once. */
  askBeforeBuilding?: boolean;
  /** Registry references per variant, e.g. djok/facecraft:cpu. */
  imageRefs: Record<Device, string>;
}

export interface ImageServiceOptions {
  /** The Docker daemon connection. */
  daemon: DockerDaemon;
  /** The bundled docker/ build context (holds Dockerfile.cpu and Dockerfile.gpu). */
  contextDir: string;
  /** Read at every call, so settings changes apply at once. */
  settings: () => ImageSettings;
  throttleMs?: number;
  /** The repository whose images 'auto' may build instead (default ENGINE_REPOSITORY; tests use a local registry's). */
  ownRepository?: string;
}

/**
 * The image a variant runs: the configured registry reference when pulling (and, first, with 'auto'),
 * facecraft:<device> when building.
 */
export function imageReference(
  device: Device,
  settings: ImageSettings,
  source: ImageSource = settings.imageSource,
): string {
  return source === 'build' ? defaultBuildTag(device) : normalizeReference(settings.imageRefs[device]);
}

export async function imageExists(docker: Docker, reference: string): Promise<boolean> {
  return (await inspectImage(docker, reference)) !== null;
}

export async function inspectImage(
  docker: Docker,
  reference: string,
): Promise<Docker.ImageInspectInfo | null> {
  try {
    return await docker.getImage(reference).inspect();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return null;
    throw error;
  }
}

interface Operation {
  abort: AbortController;
  promise: Promise<ImageStatus>;
}

export class ImageService {
  readonly #progress = new Map<Device, ImageProgress>();
  readonly #running = new Map<Device, Operation>();
  readonly #progressListeners = new Listeners<ImageProgress>();
  readonly #options: ImageServiceOptions;

  constructor(options: ImageServiceOptions) {
    this.#options = options;
  }

  /** Every progress value of every pull/build (already throttled). */
  onProgress(listener: (progress: ImageProgress) => void): () => void {
    return this.#progressListeners.on(listener);
  }

  /** The last progress of a variant (under way or finished), for replay; null when none ran. */
  lastProgress(device: Device): ImageProgress | null {
    return this.#progress.get(device) ?? null;
  }

  reference(device: Device, source?: ImageSource): string {
    return imageReference(device, this.#options.settings(), source);
  }

  /** With 'auto': our pulled image, else our local build of it (the fallback), else the missing pulled one. */
  async status(
    device: Device,
    source: ImageSource = this.#options.settings().imageSource,
  ): Promise<ImageStatus> {
    if (source !== 'auto') return this.#statusOf(device, source);
    const pulled = await this.#statusOf(device, 'pull');
    if (pulled.present || !this.#isOurs(pulled.reference)) return pulled;
    const built = await this.#statusOf(device, 'build');
    return built.present ? built : pulled;
  }

  async #statusOf(device: Device, source: ImageSource): Promise<ImageStatus> {
    const reference = this.reference(device, source);
    const info = await this.#options.daemon.use((docker) => inspectImage(docker, reference));
    return {
      device,
      reference,
      present: info !== null,
      sizeBytes: info?.Size ?? null,
      progress: this.lastProgress(device),
    };
  }

  async list(): Promise<ImageStatus[]> {
    return Promise.all(DEVICES.map((device) => this.status(device)));
  }

  /**
   * Pulls or builds the variant's image (joining one already under way). Throws FacecraftError:
   * cancelled, disk-full, image-pull-failed, image-build-failed, or a docker-* connection error.
   */
  prepare(device: Device, source: ImageSource = this.#options.settings().imageSource): Promise<ImageStatus> {
    const existing = this.#running.get(device);
    if (existing) return existing.promise;
    const abort = new AbortController();
    const promise = this.#run(device, source, abort.signal)
      .catch(async (error: unknown) => {
        throw await this.#options.daemon.translate(error);
      })
      .finally(() => {
        if (this.#running.get(device)?.promise === promise) this.#running.delete(device);
      });
    this.#running.set(device, { abort, promise });
    return promise;
  }

  /** Answers the reference once present, pulling/building first when missing. */
  async ensure(device: Device, source: ImageSource = this.#options.settings().imageSource): Promise<string> {
    const status = await this.status(device, source);
    if (status.present) return status.reference;
    return (await this.prepare(device, source)).reference;
  }

  /** Cancels the variant's pull/build, if any; its promise rejects with code 'cancelled'. */
  cancel(device: Device): void {
    this.#running.get(device)?.abort.abort(new FacecraftError('cancelled', 'Cancelled by the user.'));
  }

  /**
   * 'auto' pulls; when our own image cannot be pulled (not published yet, offline, refused) it says so
   * in one sentence (the build's progress note) and builds it from the bundled docker/ folder. Another
   * image (e.g. djok/facecraft, chosen by the user) is never replaced by a build of ours.
   */
  async #auto(device: Device, signal: AbortSignal): Promise<ImageStatus> {
    try {
      return await this.#run(device, 'pull', signal);
    } catch (error) {
      const reference = this.reference(device, 'pull');
      const ours = this.#isOurs(reference);
      const code = error instanceof FacecraftError ? error.code : null;
      if (!ours || code !== 'image-pull-failed') throw error;
      const why = error instanceof Error ? error.message : String(error);
      if (this.#options.settings().askBeforeBuilding)
        throw new FacecraftError(
          'image-pull-failed',
          `${why} It can be built on this computer instead: choose "Build it on this computer".`,
          { cause: error },
        );
      const note = `The engine image could not be downloaded (${firstSentence(why)}), so it is being built on this computer from the bundled recipe; this takes a few minutes.`;
      return await this.#run(device, 'build', signal, note);
    }
  }

  #isOurs(reference: string): boolean {
    return reference.startsWith(`${this.#options.ownRepository ?? ENGINE_REPOSITORY}:`);
  }

  async #run(device: Device, source: ImageSource, signal: AbortSignal, note?: string): Promise<ImageStatus> {
    if (source === 'auto') return this.#auto(device, signal);
    const docker = await this.#options.daemon.client();
    const onProgress = (progress: ImageProgress) => {
      const p = note ? { ...progress, note } : progress;
      this.#progress.set(device, p);
      this.#progressListeners.emit(p);
    };
    const reference = this.reference(device, source);
    if (source === 'build') {
      await buildImage(docker, {
        device,
        contextDir: this.#options.contextDir,
        tag: reference,
        signal,
        onProgress,
        throttleMs: this.#options.throttleMs,
      });
    } else {
      await pullImage(docker, reference, {
        device,
        signal,
        onProgress,
        throttleMs: this.#options.throttleMs,
      });
    }
    return this.status(device, source);
  }
}

function firstSentence(text: string): string {
  const cut = text.search(/\.\s|\($/);
  return (cut > 0 ? text.slice(0, cut) : text).replace(/\.$/, '');
}
