/**
 * Errors that cross the bridge: a machine code plus a sentence a person can act on.
 * Plain data (JSON-serialisable) so they survive IPC and Playwright bindings intact.
 */

export type ErrorCode =
  | 'docker-not-installed'
  | 'docker-not-running'
  | 'docker-permission-denied'
  | 'docker-unsupported-version'
  | 'docker-connection-lost'
  | 'disk-full'
  | 'image-missing'
  | 'image-pull-failed'
  | 'image-build-failed'
  | 'cancelled'
  | 'gpu-unavailable'
  | 'port-busy'
  | 'engine-start-failed'
  | 'engine-not-ready'
  | 'engine-unreachable'
  | 'engine-rejected'
  | 'engine-key-refused'
  | 'engine-tls-failed'
  | 'engine-url-insecure'
  | 'no-face'
  | 'unsupported-file'
  | 'file-unreadable'
  | 'output-unwritable'
  | 'invalid-argument'
  | 'unknown-document'
  | 'sheet-full'
  | 'internal';

export interface BridgeError {
  code: ErrorCode;
  message: string;
}

/** What every bridge call answers on the wire; the preload turns `error` back into a thrown FacecraftError. */
export type BridgeReply<T> = { ok: true; value: T } | { ok: false; error: BridgeError };

export class FacecraftError extends Error implements BridgeError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FacecraftError';
    this.code = code;
  }

  toJSON(): BridgeError {
    return { code: this.code, message: this.message };
  }
}

export function isBridgeError(value: unknown): value is BridgeError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/**
 * Any thrown value as the BridgeError a user sees: ours as they are, file-system failures in words,
 * the rest as 'internal' with its message. The one translation (IPC replies, queue items, engine state).
 */
export function toBridgeError(error: unknown): BridgeError {
  if (error instanceof FacecraftError) return error.toJSON();
  if (isBridgeError(error)) return { code: error.code, message: error.message };
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOSPC')
    return { code: 'disk-full', message: 'The disk is full. Free some space and retry.' };
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return {
      code: 'output-unwritable',
      message: 'The app cannot write to its work folder (permission denied).',
    };
  return { code: 'internal', message: errorMessageOf(error) };
}

/** The message of anything thrown (dockerode's errors carry theirs in `json.message`). */
export function errorMessageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null) {
    const json = (error as { json?: { message?: unknown } }).json;
    if (json && typeof json.message === 'string') return json.message;
  }
  return String(error);
}
