/**
 * Turns what went wrong talking to the engine into FacecraftErrors a person can act on: the engine's own
 * sentence when it rejected a photo, "unreachable" when the connection itself failed (the queue retries those).
 */
import { NO_FACE_ERROR } from '../../../contract/engineApi.ts';
import { FacecraftError } from '../../../contract/errors.ts';

export const NO_FACE_MESSAGE =
  'No face was found in this photo. Try one where the face is clearly visible and facing the camera.';

/** Socket-level failures: the engine went away (crash, restart, container killed), not a verdict on the photo. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** The `code` of an error and of its causes, outermost first (undici nests the socket error). */
export function errorCodeChain(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

export function isConnectionLoss(error: unknown): boolean {
  if (error instanceof FacecraftError) return error.code === 'engine-unreachable';
  if (isAbort(error)) return false;
  // undici reports every transport failure as TypeError('fetch failed' | 'terminated') with the cause attached.
  if (error instanceof TypeError) return true;
  return errorCodeChain(error).some((code) => CONNECTION_CODES.has(code));
}

/** Not the photo's fault but its engine's (gone, or refusing the key): the photo should go to a live engine. */
export function isEngineLoss(error: unknown): boolean {
  return isConnectionLoss(error) || (error instanceof FacecraftError && error.code === 'engine-key-refused');
}

export function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

export function unreachableError(url: string, cause: unknown): FacecraftError {
  const code = errorCodeChain(cause)[0];
  return new FacecraftError(
    'engine-unreachable',
    `The engine at ${url} stopped answering${code ? ` (${code})` : ''}. It may have crashed or been stopped.`,
    { cause },
  );
}

export function cancelledError(): FacecraftError {
  return new FacecraftError('cancelled', 'Cancelled.');
}

/** The sentence inside a FastAPI error body: a string detail, or the messages of a validation list. */
export function detailSentence(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const detail = (body as { detail?: unknown }).detail;
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    const parts = detail
      .map((d) => {
        if (typeof d !== 'object' || d === null) return null;
        const msg = (d as { msg?: unknown }).msg;
        const loc = (d as { loc?: unknown }).loc;
        const field = Array.isArray(loc) ? loc[loc.length - 1] : null;
        return typeof msg === 'string' ? (field ? `${String(field)}: ${msg}` : msg) : null;
      })
      .filter((p): p is string => p !== null);
    if (parts.length > 0) return parts.join('; ');
  }
  return null;
}

/** A non-2xx answer as an error. */
export function httpError(status: number, body: unknown, what: string): FacecraftError {
  const sentence =
    detailSentence(body) ?? (typeof body === 'string' && body.trim() ? body.trim().slice(0, 300) : null);
  if (status === 401 || status === 403)
    return new FacecraftError(
      'engine-key-refused',
      `The engine refused the app's key (${status}). Restart the engine.`,
    );
  if (status === 503)
    return new FacecraftError('engine-not-ready', sentence ?? 'The engine is still starting.');
  if (status === 404)
    return new FacecraftError('engine-rejected', sentence ?? `The engine does not know ${what} (404).`);
  return new FacecraftError('engine-rejected', sentence ?? `The engine answered ${status} to ${what}.`);
}

/** A 200 answer that reports failure (the contract's success:false with error/error_message). */
export function processFailure(error: string | null, message: string | null): FacecraftError {
  if (error === NO_FACE_ERROR) return new FacecraftError('no-face', NO_FACE_MESSAGE);
  return new FacecraftError(
    'engine-rejected',
    message ?? error ?? 'The engine could not process this photo.',
  );
}
