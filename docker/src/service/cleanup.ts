/**
 * Removes results (and any stray uploads) older than FACECRAFT_CLEANUP_AGE_HOURS, on a timer, so a
 * long-running engine does not fill the user's disk with portraits nobody downloads.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

export interface CleanupLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

/** Deletes entries directly under each folder whose modification time is older than maxAgeMs. Returns how many. */
export async function sweep(folders: string[], maxAgeMs: number, now = Date.now()): Promise<number> {
  let removed = 0;
  for (const folder of folders) {
    let entries: string[];
    try {
      entries = await readdir(folder);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(folder, entry);
      try {
        const info = await stat(full);
        if (now - info.mtimeMs >= maxAgeMs) {
          await rm(full, { recursive: true, force: true });
          removed += 1;
        }
      } catch {
        // Deleted meanwhile (a DELETE request): nothing to do.
      }
    }
  }
  return removed;
}

export class CleanupTimer {
  #timer: NodeJS.Timeout | null = null;
  readonly #folders: string[];
  readonly #maxAgeMs: number;
  readonly #intervalMs: number;
  readonly #log: CleanupLogger;

  constructor(folders: string[], maxAgeHours: number, intervalSeconds: number, log: CleanupLogger) {
    this.#folders = folders;
    this.#maxAgeMs = maxAgeHours * 3_600_000;
    this.#intervalMs = intervalSeconds * 1000;
    this.#log = log;
  }

  start(): void {
    const tick = async (): Promise<void> => {
      try {
        const removed = await sweep(this.#folders, this.#maxAgeMs);
        if (removed > 0) this.#log.info({ removed }, 'cleanup removed old results');
      } catch (error) {
        this.#log.warn({ err: error }, 'cleanup sweep failed');
      }
    };
    void tick();
    this.#timer = setInterval(tick, this.#intervalMs);
    // The sweep alone must not keep the process alive during shutdown.
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
