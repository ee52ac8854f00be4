/** What every route family needs, built once in app.ts. */
import type { EngineConfig } from '../config.ts';
import type { JobStore } from './jobStore.ts';
import type { PipelineLifecycle } from './pipelineLifecycle.ts';
import type { Processor } from './processor.ts';
import type { Statistics } from './statistics.ts';

export interface ServiceContext {
  config: EngineConfig;
  lifecycle: PipelineLifecycle;
  processor: Processor;
  store: JobStore;
  statistics: Statistics;
  /** performance.now() at start, for uptime. */
  startedAt: number;
  version: string;
}
