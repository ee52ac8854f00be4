/**
 * Builds the engine image from the bundled docker/ context with the classic builder (BuildKit needs a
 * gRPC session the app does not speak, and Debian's engine has none): streamed log lines, step n/m,
 * in-band errors, cancellable.
 */
import type Docker from 'dockerode';
import type { Device, ImageProgress } from '../../../contract/domain.ts';
import { errorMessageOf, FacecraftError } from '../../../contract/errors.ts';
import { packBuildContext } from './buildContext.ts';
import { diskFullError, isDiskFull } from './dockerErrors.ts';
import { readJsonLines } from './jsonLines.ts';
import { ProgressReporter } from './progressReporter.ts';

export interface BuildOptions {
  device: Device;
  /** The folder holding Dockerfile.cpu / Dockerfile.gpu (the app's bundled docker/). */
  contextDir: string;
  /** Default Dockerfile.<device>. */
  dockerfile?: string;
  /** Default facecraft:<device>. */
  tag?: string;
  signal?: AbortSignal;
  onProgress?: (progress: ImageProgress) => void;
  /** Every log line of the build, as docker prints it. */
  onLog?: (line: string) => void;
  throttleMs?: number;
  /** Build arguments (ARG). */
  buildArgs?: Record<string, string>;
}

interface BuildEvent {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

const STEP = /^Step (\d+)\/(\d+) :/;

export function parseStep(line: string): { n: number; m: number } | null {
  const match = STEP.exec(line);
  return match ? { n: Number(match[1]), m: Number(match[2]) } : null;
}

export function defaultBuildTag(device: Device): string {
  return `facecraft:${device}`;
}

/** Builds and tags the image; answers the final progress (currentBytes/totalBytes count steps). */
export async function buildImage(docker: Docker, options: BuildOptions): Promise<ImageProgress> {
  const tag = options.tag ?? defaultBuildTag(options.device);
  const dockerfile = options.dockerfile ?? `Dockerfile.${options.device}`;
  const reporter = new ProgressReporter(
    { device: options.device, kind: 'build', reference: tag },
    (p) => options.onProgress?.(p),
    options.throttleMs,
  );
  const signal = options.signal;
  let step: { n: number; m: number } | null = null;
  let inBandError: string | null = null;
  const tail: string[] = [];
  reporter.update({
    phase: 'building',
    currentBytes: 0,
    totalBytes: 0,
    step: null,
    message: `Building ${tag}`,
  });
  try {
    if (signal?.aborted) throw signal.reason;
    const context = packBuildContext(options.contextDir, dockerfile);
    // Unset keys must be absent: docker-modem would send them as empty query parameters.
    const buildOptions: Record<string, unknown> = {
      t: tag,
      dockerfile,
      rm: true,
      forcerm: true,
      version: '1',
    };
    if (options.buildArgs) buildOptions.buildargs = options.buildArgs;
    if (signal) buildOptions.abortSignal = signal;
    const stream = (await docker.buildImage(
      context,
      buildOptions as Docker.ImageBuildOptions,
    )) as NodeJS.ReadableStream;
    await readJsonLines<BuildEvent>(
      stream,
      (event) => {
        if (event.error || event.errorDetail?.message) {
          inBandError ??= event.errorDetail?.message ?? event.error ?? 'unknown error';
          return;
        }
        const text = event.stream ?? event.status;
        if (!text) return;
        for (const raw of text.split('\n')) {
          const line = raw.trimEnd();
          if (!line) continue;
          tail.push(line);
          if (tail.length > 50) tail.shift();
          options.onLog?.(line);
          const parsed = parseStep(line);
          // Step n starts now, so n-1 steps are done.
          if (parsed) step = parsed;
          reporter.update({
            phase: 'building',
            currentBytes: step ? step.n - 1 : 0,
            totalBytes: step ? step.m : 0,
            step,
            message: line,
            totalKnown: step !== null,
          });
        }
      },
      signal,
    );
  } catch (error) {
    if (signal?.aborted) {
      reporter.finish('cancelled', { code: 'cancelled', message: `Building ${tag} was cancelled.` });
      throw new FacecraftError('cancelled', `Building ${tag} was cancelled.`, { cause: error });
    }
    const failure = buildFailure(tag, errorMessageOf(error), tail, error);
    reporter.finish('failed', failure.toJSON());
    throw failure;
  }
  if (inBandError) {
    const failure = buildFailure(tag, inBandError, tail);
    reporter.finish('failed', failure.toJSON());
    throw failure;
  }
  return reporter.finish('done');
}

function buildFailure(tag: string, text: string, tail: string[], cause?: unknown): FacecraftError {
  if (isDiskFull(text)) return diskFullError(cause);
  const context = tail.slice(-5).join('\n');
  return new FacecraftError(
    'image-build-failed',
    `Building ${tag} failed: ${text}${context ? `\nLast build output:\n${context}` : ''}`,
    { cause },
  );
}
