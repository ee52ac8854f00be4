/**
 * Builds ImageProgress values for one pull or build: throttles them (~100 ms, so a fast stream does not
 * flood the IPC channel) and estimates the time left from the average rate so far.
 */
import type { Device, ImagePhase, ImageProgress } from '../../../contract/domain.ts';
import type { BridgeError } from '../../../contract/errors.ts';
import { type Throttled, throttle } from '../throttle.ts';

export interface ProgressUpdate {
  phase: ImagePhase;
  currentBytes: number;
  totalBytes: number;
  step?: { n: number; m: number } | null;
  message?: string | null;
  /** Only estimate when the total is final (every layer's size known, or m steps known). */
  totalKnown?: boolean;
}

export class ProgressReporter {
  #last: ImageProgress;
  #firstProgressAt: number | null = null;
  #firstProgressValue = 0;
  readonly #emitFn: (progress: ImageProgress) => void;
  readonly #throttled: Throttled;

  constructor(
    base: { device: Device; kind: 'pull' | 'build'; reference: string },
    emit: (progress: ImageProgress) => void,
    throttleMs = 100,
  ) {
    this.#emitFn = emit;
    this.#throttled = throttle(() => this.#emitFn(this.#last), throttleMs, { unref: true });
    this.#last = {
      ...base,
      phase: 'resolving',
      currentBytes: 0,
      totalBytes: 0,
      step: null,
      message: null,
      etaSeconds: null,
      error: null,
      startedAt: Date.now(),
    };
  }

  get progress(): ImageProgress {
    return this.#last;
  }

  /** Records an update; emits at most once per throttle interval (the latest value wins). */
  update(update: ProgressUpdate): void {
    const now = Date.now();
    if (this.#firstProgressAt === null && update.currentBytes > 0) {
      this.#firstProgressAt = now;
      this.#firstProgressValue = update.currentBytes;
    }
    this.#last = {
      ...this.#last,
      phase: update.phase,
      currentBytes: update.currentBytes,
      totalBytes: update.totalBytes,
      step: update.step === undefined ? this.#last.step : update.step,
      message: update.message === undefined ? this.#last.message : update.message,
      etaSeconds: this.#eta(update, now),
    };
    this.#throttled();
  }

  /** The final value, emitted at once (never throttled away). */
  finish(phase: 'done' | 'failed' | 'cancelled', error: BridgeError | null = null): ImageProgress {
    this.#last = {
      ...this.#last,
      phase,
      error,
      etaSeconds: phase === 'done' ? 0 : null,
      currentBytes:
        phase === 'done' ? this.#last.totalBytes || this.#last.currentBytes : this.#last.currentBytes,
      message: error ? error.message : this.#last.message,
    };
    this.#throttled.cancel();
    this.#emitFn(this.#last);
    return this.#last;
  }

  #eta(update: ProgressUpdate, now: number): number | null {
    if (!update.totalKnown || this.#firstProgressAt === null) return null;
    const elapsed = (now - this.#firstProgressAt) / 1000;
    const done = update.currentBytes - this.#firstProgressValue;
    if (elapsed < 1 || done <= 0) return null;
    return Math.max(0, Math.round((update.totalBytes - update.currentBytes) / (done / elapsed)));
  }
}
