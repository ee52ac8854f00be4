/** Dispatch helpers around the QueueEngine seam: one shared recovery after an engine loss, and waits a cancel can cut short. */
import { FacecraftError } from '../../../contract/errors.ts';
import type { QueueEngine, ServingEngine } from './queueEngine.ts';

/** Several photos lose the same engine at once: one recovery serves them all. */
export class SharedRecovery {
  readonly #engine: QueueEngine;
  #recovery: { lost: string; promise: Promise<ServingEngine> } | null = null;

  constructor(engine: QueueEngine) {
    this.#engine = engine;
  }

  recover(lost: ServingEngine, signal: AbortSignal): Promise<ServingEngine> {
    if (this.#recovery?.lost !== lost.connection.url) {
      const promise = this.#engine.recover(lost, signal);
      this.#recovery = { lost: lost.connection.url, promise };
      promise.catch(() => {
        if (this.#recovery?.promise === promise) this.#recovery = null;
      });
    }
    return this.#recovery.promise;
  }
}

/** Waiting for an engine (a pull, a restart) must not keep a cancel or a quit waiting. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new FacecraftError('cancelled', 'Cancelled.'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new FacecraftError('cancelled', 'Cancelled.'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
