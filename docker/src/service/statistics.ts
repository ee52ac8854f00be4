/** The /status statistics: every processed image counts, successes and failures alike. */
export interface StatisticsSnapshot {
  total_processed: number;
  /** Successful share of processed images, 0..1 (0 before the first image). */
  success_rate: number;
  avg_processing_ms: number;
}

export class Statistics {
  #total = 0;
  #successful = 0;
  #totalMs = 0;

  record(success: boolean, processingMs: number): void {
    this.#total += 1;
    if (success) this.#successful += 1;
    this.#totalMs += processingMs;
  }

  snapshot(): StatisticsSnapshot {
    const total = this.#total;
    return {
      total_processed: total,
      success_rate: total === 0 ? 0 : Math.round((this.#successful / total) * 10_000) / 10_000,
      avg_processing_ms: total === 0 ? 0 : Math.round((this.#totalMs / total) * 10) / 10,
    };
  }
}
