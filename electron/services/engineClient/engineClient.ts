/**
 * Speaks the Facecraft v1 HTTP contract (contract/engineApi.ts) to one running engine. Relies only on
 * what the published djok/facecraft images also serve: /ready, /status, /api/v1/process, the
 * png/jpg download URLs and DELETE /api/v1/jobs/{id}.
 */
import type { EngineKind, ProcessOptions } from '../../../contract/domain.ts';
import {
  API_KEY_HEADER,
  type FaceBox,
  type ProcessResponse,
  type ReadyResponse,
  type StatusResponse,
} from '../../../contract/engineApi.ts';
import { FacecraftError } from '../../../contract/errors.ts';
import type { PortraitMeasurements, PortraitTransform } from '../../../docker/api/portraitGeometry.ts';
import { type EngineProfile, engineProfile } from '../engineKind/engineKind.ts';
import { engineFailure } from '../engineKind/engineSentences.ts';
import { pngFromJpg } from '../engineKind/pngFromJpg.ts';
import { imageTypeOfHeader, mimeTypeOf, suffixOf } from '../files/imageType.ts';
import {
  cancelledError,
  httpError,
  isAbort,
  isConnectionLoss,
  processFailure,
  unreachableError,
} from './engineErrors.ts';
import { usableMeasurements, usableTransform } from './portraitGeometry.ts';
import { appendProcessFields } from './processFields.ts';

export interface EngineConnection {
  /** e.g. http://127.0.0.1:49153 */
  url: string;
  /** Sent as X-API-Key; null for an engine started without one. */
  apiKey: string | null;
  /** Which engine this is (engineKind.ts); default ours. The launcher always says. */
  kind?: EngineKind;
}

export interface EngineClientOptions {
  /** Extra attempts after a connection loss (the engine restarting, a reset socket). */
  retries?: number;
  /** Wait before retry n (1-based), in ms. */
  retryDelayMs?: (attempt: number) => number;
  /** Upper bound for one request, so a hung engine cannot stall the queue forever. */
  requestTimeoutMs?: number;
}

export interface ProcessedPhoto {
  jobId: string;
  processingMs: number;
  face: FaceBox | null;
  faceCount: number;
  /** False when the engine's face count means nothing (the published image always says 1). */
  faceCountKnown?: false;
  outputSize: { width: number; height: number };
  /** Our engine's geometry; null from the published image (or when unusable). */
  transform: PortraitTransform | null;
  measurements: PortraitMeasurements | null;
  png: Uint8Array;
  jpg: Uint8Array;
  /** 'filled' when the engine wrote no PNG (published image, oval off): made from the JPG, background colour included. */
  pngBackground: 'transparent' | 'filled';
}

export interface PhotoUpload {
  bytes: Uint8Array<ArrayBuffer>;
  /** Only for messages; the upload is named after the sniffed type, so odd names and suffixes never matter. */
  name: string;
}

export interface ProcessCallOptions {
  signal?: AbortSignal;
  /** Called once the photo's bytes are all sent: the engine is working from then on. */
  onUploaded?: () => void;
}

const DEFAULT_RETRIES = 2;
const UPLOAD_CHUNK_BYTES = 64 * 1024;

export class EngineClient {
  readonly connection: EngineConnection;
  readonly profile: EngineProfile;
  readonly #retries: number;
  readonly #retryDelayMs: (attempt: number) => number;
  readonly #requestTimeoutMs: number;

  constructor(connection: EngineConnection, options: EngineClientOptions = {}) {
    this.connection = {
      url: connection.url.replace(/\/+$/, ''),
      apiKey: connection.apiKey,
      kind: connection.kind ?? 'facecraft-desktop',
    };
    this.profile = engineProfile(this.connection.kind ?? 'facecraft-desktop');
    this.#retries = options.retries ?? DEFAULT_RETRIES;
    this.#retryDelayMs = options.retryDelayMs ?? ((n) => 500 * 2 ** (n - 1));
    this.#requestTimeoutMs = options.requestTimeoutMs ?? this.profile.requestTimeoutMs;
  }

  /** GET /health: answers at all (liveness). The published image answers nothing while loading or busy. */
  async health(signal?: AbortSignal): Promise<boolean> {
    await this.#json('GET', '/health', undefined, signal);
    return true;
  }

  /** GET /openapi.json, parsed (its title tells our engine from the published image). */
  async openapi(signal?: AbortSignal): Promise<unknown> {
    return this.#json('GET', '/openapi.json', undefined, signal);
  }

  async ready(signal?: AbortSignal): Promise<ReadyResponse> {
    return (await this.#json('GET', '/ready', undefined, signal)) as ReadyResponse;
  }

  async status(signal?: AbortSignal): Promise<StatusResponse> {
    return (await this.#json('GET', '/status', undefined, signal)) as StatusResponse;
  }

  /** POST /api/v1/process; throws no-face / engine-rejected when the engine reports failure. */
  async process(
    upload: PhotoUpload,
    options: ProcessOptions,
    call: ProcessCallOptions = {},
  ): Promise<ProcessResponse> {
    const type = imageTypeOfHeader(upload.bytes.subarray(0, 12));
    if (!type)
      throw new FacecraftError('unsupported-file', `${upload.name} is not a JPEG, PNG, WebP or BMP image.`);
    const body = (): FormData => {
      const form = new FormData();
      form.append('file', new Blob([upload.bytes], { type: mimeTypeOf(type) }), `photo${suffixOf(type)}`);
      appendProcessFields(form, options, this.profile);
      return form;
    };
    const answer = (await this.#json(
      'POST',
      '/api/v1/process',
      body,
      call.signal,
      call.onUploaded,
    )) as ProcessResponse;
    if (!answer.success) {
      const failure = processFailure(answer.error, answer.error_message);
      if (failure.code === 'no-face') throw failure;
      throw engineFailure(this.profile, answer.error_message ?? answer.error ?? '', failure.message);
    }
    return answer;
  }

  /** Downloads a result by the URL the engine handed out (png_url / jpg_url). */
  async download(resultUrl: string, signal?: AbortSignal): Promise<Uint8Array> {
    const response = await this.#request('GET', resultUrl, undefined, signal);
    return new Uint8Array(await response.arrayBuffer());
  }

  async deleteJob(jobId: string, signal?: AbortSignal): Promise<void> {
    await this.#json('DELETE', `/api/v1/jobs/${encodeURIComponent(jobId)}`, undefined, signal);
  }

  /** Process, download both formats, delete the engine's copy: the whole round trip for one photo. */
  async processPhoto(
    upload: PhotoUpload,
    options: ProcessOptions,
    call: ProcessCallOptions = {},
  ): Promise<ProcessedPhoto> {
    const { signal } = call;
    const answer = await this.process(upload, options, call);
    // The published image writes no PNG without the oval: make one from the JPG (it has the background colour).
    const pngFromJpgWanted = !answer.png_url && !options.ovalMask && !this.profile.pngWithoutOval;
    if ((!answer.png_url && !pngFromJpgWanted) || !answer.jpg_url || !answer.result)
      throw new FacecraftError(
        'engine-rejected',
        'The engine reported success but handed out no result files.',
      );
    const jpg = await this.download(answer.jpg_url, signal);
    const png = answer.png_url ? await this.download(answer.png_url, signal) : await pngFromJpg(jpg);
    // The engine would clean up after 24 h anyway; failing to delete must not fail the photo.
    await this.deleteJob(answer.job_id, signal).catch(() => undefined);
    return {
      jobId: answer.job_id,
      processingMs: answer.processing_time_ms,
      face: answer.result.face_position,
      faceCount: answer.result.face_count,
      ...(this.profile.countsFaces ? {} : { faceCountKnown: false }),
      outputSize: answer.result.output_size,
      transform: usableTransform(answer.result.transform),
      measurements: usableMeasurements(answer.result.measurements),
      png,
      jpg,
      pngBackground: answer.png_url ? 'transparent' : 'filled',
    };
  }

  async #json(
    method: string,
    pathOrUrl: string,
    body: (() => FormData) | undefined,
    signal: AbortSignal | undefined,
    onUploaded?: () => void,
  ): Promise<unknown> {
    const response = await this.#request(method, pathOrUrl, body, signal, onUploaded);
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      throw new FacecraftError(
        'engine-rejected',
        `The engine answered ${pathOrUrl} with something that is not JSON.`,
      );
    }
  }

  /** One request with bounded retries on connection loss; non-2xx answers become errors. */
  async #request(
    method: string,
    pathOrUrl: string,
    body: (() => FormData) | undefined,
    signal: AbortSignal | undefined,
    onUploaded?: () => void,
  ): Promise<Response> {
    const url = new URL(pathOrUrl, `${this.connection.url}/`).toString();
    const headers: Record<string, string> = { accept: 'application/json, image/*' };
    if (this.connection.apiKey) headers[API_KEY_HEADER] = this.connection.apiKey;
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw cancelledError();
      const timeout = AbortSignal.timeout(this.#requestTimeoutMs);
      const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
      try {
        let init: RequestInit = { method, headers, signal: combined };
        if (body) {
          const streamed = await streamedBody(url, body(), onUploaded);
          init = { ...init, ...streamed, headers: { ...headers, ...streamed.headers } };
        }
        const response = await fetch(url, init);
        if (!response.ok) {
          const text = await response.text().catch(() => '');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {}
          const failure = httpError(response.status, parsed, `${method} ${new URL(url).pathname}`);
          // Raw server texts (a bare "Internal Server Error", exception details) stay out of sight.
          if (!this.profile.errorTextsForPeople && response.status >= 500 && response.status !== 503)
            throw engineFailure(this.profile, failure.message, failure.message);
          throw failure;
        }
        return response;
      } catch (error) {
        if (signal?.aborted) throw cancelledError();
        if (error instanceof FacecraftError) throw error;
        if (isAbort(error))
          throw new FacecraftError(
            'engine-unreachable',
            `The engine did not answer ${new URL(url).pathname} in time.`,
          );
        if (!isConnectionLoss(error) || attempt >= this.#retries) {
          if (isConnectionLoss(error)) throw unreachableError(this.connection.url, error);
          throw new FacecraftError('internal', `Talking to the engine failed: ${String(error)}`, {
            cause: error,
          });
        }
        await delay(this.#retryDelayMs(attempt + 1), signal);
      }
    }
  }
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The multipart body as a stream with a known length: the length keeps the request plain (no chunked
 * upload for either engine to mishandle), the stream tells us when the last byte has left.
 */
async function streamedBody(
  url: string,
  form: FormData,
  onUploaded: (() => void) | undefined,
): Promise<{ body: ReadableStream<Uint8Array>; duplex: 'half'; headers: Record<string, string> }> {
  const encoded = new Request(url, { method: 'POST', body: form });
  const bytes = new Uint8Array(await encoded.arrayBuffer());
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        onUploaded?.();
        return;
      }
      controller.enqueue(bytes.subarray(offset, offset + UPLOAD_CHUNK_BYTES));
      offset += UPLOAD_CHUNK_BYTES;
    },
  });
  return {
    body: stream,
    duplex: 'half',
    headers: {
      'content-type': encoded.headers.get('content-type') ?? 'multipart/form-data',
      'content-length': String(bytes.length),
    },
  };
}
