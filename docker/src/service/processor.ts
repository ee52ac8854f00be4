/**
 * Runs one upload through the pipeline inside the concurrency limiter and records the outcome in
 * the statistics. Input problems (PipelineError) become 400s with the pipeline's sentence.
 */
import { PipelineError, type PipelineOptions, type PipelineResult } from '../pipeline/types.ts';
import type { ConcurrencyLimiter } from './concurrencyLimiter.ts';
import { HttpError } from './httpError.ts';
import type { PipelineLifecycle } from './pipelineLifecycle.ts';
import type { Statistics } from './statistics.ts';

export interface ProcessOutcome {
  result: PipelineResult;
  processingMs: number;
}

export class Processor {
  readonly #state: PipelineLifecycle;
  readonly #limiter: ConcurrencyLimiter;
  readonly #statistics: Statistics;

  constructor(state: PipelineLifecycle, limiter: ConcurrencyLimiter, statistics: Statistics) {
    this.#state = state;
    this.#limiter = limiter;
    this.#statistics = statistics;
  }

  /** Refuses work early (before reading big uploads into a queue) when the engine cannot take it. */
  assertAccepting(): void {
    if (this.#state.draining) {
      throw new HttpError(503, 'shutting_down', 'The engine is shutting down and takes no new images.', {
        'Retry-After': '10',
        Connection: 'close',
      });
    }
    if (!this.#state.ready) {
      const failure = this.#state.failure;
      if (failure) {
        throw new HttpError(503, 'engine_failed', `The engine could not load its models: ${failure.message}`);
      }
      throw new HttpError(
        503,
        'engine_not_ready',
        'The engine is still loading its models. Try again shortly.',
        {
          'Retry-After': '2',
        },
      );
    }
  }

  /**
   * Runs one image. Routes call assertAccepting() first, before reading the upload; a request accepted
   * that way completes even when SIGTERM arrives meanwhile (a batch finishes all its items).
   */
  async process(input: Buffer, options: PipelineOptions): Promise<ProcessOutcome> {
    return this.#limiter.run(async () => {
      const pipeline = this.#state.pipeline;
      if (!pipeline) throw new HttpError(503, 'engine_not_ready', 'The engine is not ready.');
      const started = performance.now();
      try {
        const result = await pipeline.process(input, options);
        const processingMs = Math.round(performance.now() - started);
        this.#statistics.record(result.faceDetected, processingMs);
        return { result, processingMs };
      } catch (error) {
        this.#statistics.record(false, Math.round(performance.now() - started));
        if (error instanceof PipelineError) throw new HttpError(400, error.code, error.message);
        throw error;
      }
    });
  }
}
