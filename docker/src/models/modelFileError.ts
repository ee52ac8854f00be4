export type ModelFileErrorCode = 'model_missing' | 'model_checksum_mismatch' | 'model_source_invalid';

/** A model file that is absent, corrupt or cannot be assembled; the engine refuses to start on it. */
export class ModelFileError extends Error {
  readonly code: ModelFileErrorCode;

  constructor(code: ModelFileErrorCode, message: string) {
    super(message);
    this.name = 'ModelFileError';
    this.code = code;
  }
}
