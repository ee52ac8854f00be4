/** Exit codes and usage errors shared by the commands. */
import { FacecraftError } from '../../contract/errors.ts';

export const EXIT_OK = 0;
/** Docker, the image, the engine, bad arguments: nothing (or not everything) could be attempted. */
export const EXIT_OPERATIONAL = 1;
/** Every photo was attempted, and some were reported as failures (e.g. no face). */
export const EXIT_PHOTOS_FAILED = 2;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function describeError(error: unknown): string {
  if (error instanceof FacecraftError || error instanceof UsageError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

export function errorCode(error: unknown): string {
  return error instanceof FacecraftError
    ? error.code
    : error instanceof UsageError
      ? 'invalid-argument'
      : 'internal';
}
