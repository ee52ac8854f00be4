/**
 * Bounds how many pipeline runs happen at once (FACECRAFT_MAX_CONCURRENT_JOBS) and how many may wait
 * for a slot; beyond that, callers are refused at once (503 + Retry-After) instead of piling up memory:
 * each IS-Net inference holds well over a gigabyte while it runs.
 */
import { HttpError } from './httpError.ts';

export class QueueFullError extends HttpError {
  constructor(retryAfterSeconds: number) {
    super(503, 'queue_full', 'The engine is busy: too many images are waiting. Try again shortly.', {
      'Retry-After': String(retryAfterSeconds),
    });
    this.name = 'QueueFullError';
  }
}

export class ConcurrencyLimiter {
  readonly maxConcurrent: number;
  readonly maxQueued: number;
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(maxConcurrent: number, maxQueued: number) {
    this.maxConcurrent = maxConcurrent;
    this.maxQueued = maxQueued;
  }

  get running(): number {
    return this.#running;
  }

  get queued(): number {
    return this.#waiting.length;
  }

  /** Runs `task` when a slot is free; throws QueueFullError when the queue is already full. */
  async run<T>(task: () => Promise<T>, retryAfterSeconds = 5): Promise<T> {
    if (this.#running >= this.maxConcurrent) {
      if (this.#waiting.length >= this.maxQueued) throw new QueueFullError(retryAfterSeconds);
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running += 1;
    }
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, so the running count never dips and lets a newcomer jump the queue.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running -= 1;
    }
  }
}
