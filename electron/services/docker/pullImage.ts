/**
 * Pulls an image with one aggregated, throttled progress figure; cancellable. A cancelled pull leaves
 * no new tag behind (docker only tags after the last layer, and a tag that slipped in during the cancel
 * is removed again).
 */
import type Docker from 'dockerode';
import type { Device, ImageProgress } from '../../../contract/domain.ts';
import { errorMessageOf, FacecraftError } from '../../../contract/errors.ts';
import { diskFullError, isDiskFull } from './dockerErrors.ts';
import { imageExists } from './imageStatus.ts';
import { readJsonLines } from './jsonLines.ts';
import { ProgressReporter } from './progressReporter.ts';
import { type PullEvent, PullProgressTracker } from './pullProgress.ts';

export interface PullOptions {
  /** The variant the image is for (carried in every progress value). */
  device: Device;
  signal?: AbortSignal;
  onProgress?: (progress: ImageProgress) => void;
  /** Minimum interval between progress values; default 100 ms. */
  throttleMs?: number;
  /** Registry credentials, as docker's X-Registry-Auth expects them. */
  auth?: { username: string; password: string; serveraddress?: string };
}

/** Adds ':latest' only when the reference names no tag or digest, as `docker pull` does. */
export function normalizeReference(reference: string): string {
  const lastSlash = reference.lastIndexOf('/');
  const name = reference.slice(lastSlash + 1);
  return name.includes(':') || name.includes('@') ? reference : `${reference}:latest`;
}

/** docker-modem puts "(HTTP code 500) server error - " before the daemon's own text: the user gets the text. */
function daemonText(message: string): string {
  return message.replace(/^\(HTTP code \d+\)[^-]*-\s*/, '').trim();
}

export function pullFailure(reference: string, message: string, cause?: unknown): FacecraftError {
  const text = daemonText(message);
  if (isDiskFull(text)) return diskFullError(cause);
  if (/manifest unknown|not found|does not exist|repository .* not found/i.test(text)) {
    return new FacecraftError(
      'image-pull-failed',
      `The image ${reference} was not found in its registry (${text}). Check the image reference in the settings.`,
      { cause },
    );
  }
  if (/denied|unauthorized|authentication required/i.test(text)) {
    return new FacecraftError(
      'image-pull-failed',
      `The registry refused access to ${reference} (${text}). Log in with "docker login" or check the reference.`,
      { cause },
    );
  }
  if (
    /connection refused|no such host|timeout|i\/o timeout|dial tcp|TLS handshake|network is unreachable/i.test(
      text,
    )
  ) {
    return new FacecraftError(
      'image-pull-failed',
      `Could not reach the registry for ${reference} (${text}). Check the internet connection and try again.`,
      { cause },
    );
  }
  return new FacecraftError('image-pull-failed', `Pulling ${reference} failed: ${text}`, { cause });
}

/** Pulls `reference`; answers the final progress. Throws FacecraftError: cancelled, disk-full or image-pull-failed. */
export async function pullImage(
  docker: Docker,
  reference: string,
  options: PullOptions,
): Promise<ImageProgress> {
  const ref = normalizeReference(reference);
  const reporter = new ProgressReporter(
    { device: options.device, kind: 'pull', reference: ref },
    (p) => options.onProgress?.(p),
    options.throttleMs,
  );
  const tracker = new PullProgressTracker();
  const existedBefore = await imageExists(docker, ref);
  const signal = options.signal;
  reporter.update({ phase: 'resolving', currentBytes: 0, totalBytes: 0, message: `Resolving ${ref}` });
  let inBandError: string | null = null;
  try {
    if (signal?.aborted) throw signal.reason;
    const pullOptions: Record<string, unknown> = {};
    if (signal) pullOptions.abortSignal = signal;
    if (options.auth) pullOptions.authconfig = options.auth;
    const stream = (await docker.pull(ref, pullOptions)) as NodeJS.ReadableStream;
    await readJsonLines<PullEvent>(
      stream,
      (event) => {
        const error = tracker.add(event);
        if (error && !inBandError) inBandError = error;
        const figure = tracker.figure();
        reporter.update({ ...figure, totalKnown: tracker.allSizesKnown() });
      },
      signal,
    );
  } catch (error) {
    if (signal?.aborted) {
      await removeTagIfNew(docker, ref, existedBefore);
      reporter.finish('cancelled', { code: 'cancelled', message: `Pulling ${ref} was cancelled.` });
      throw new FacecraftError('cancelled', `Pulling ${ref} was cancelled.`, { cause: error });
    }
    const failure = error instanceof FacecraftError ? error : pullFailure(ref, errorMessageOf(error), error);
    reporter.finish('failed', failure.toJSON());
    throw failure;
  }
  if (inBandError) {
    const failure = pullFailure(ref, inBandError);
    reporter.finish('failed', failure.toJSON());
    throw failure;
  }
  return reporter.finish('done');
}

async function removeTagIfNew(docker: Docker, ref: string, existedBefore: boolean): Promise<void> {
  if (existedBefore) return;
  if (await imageExists(docker, ref)) {
    // Untag only: layers shared with other images stay.
    await docker
      .getImage(ref)
      .remove({ noprune: false })
      .catch(() => undefined);
  }
}
