/**
 * The pipeline's life cycle as the service sees it: loading → ready (models loaded and one warm-up
 * inference passed) or failed. HTTP comes up first so /health answers while the models load.
 */
import type { DeviceInfo, ModelInfo, Pipeline } from '../pipeline/types.ts';

export type PipelineFactory = () => Promise<Pipeline>;

// What /status shows before the pipeline exists: the published names, nothing loaded yet.
const MODELS_BEFORE_LOAD: Record<string, ModelInfo> = {
  face_detector: { loaded: false, type: 'dlib_frontal_face' },
  face_landmarks: { loaded: false, type: 'shape_predictor_68' },
  face_enhancer: { loaded: false, type: 'none' },
  background_remover: { loaded: false, type: 'isnet' },
};

export interface PipelineLifecycleLogger {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

export class PipelineLifecycle {
  #pipeline: Pipeline | null = null;
  #ready = false;
  #failure: Error | null = null;
  #draining = false;

  get pipeline(): Pipeline | null {
    return this.#pipeline;
  }

  get modelsLoaded(): boolean {
    return this.#pipeline !== null;
  }

  get ready(): boolean {
    return this.#ready && !this.#draining;
  }

  get failure(): Error | null {
    return this.#failure;
  }

  get draining(): boolean {
    return this.#draining;
  }

  /** Loads the models, then proves they run; resolves either way, the outcome is in the state. */
  async start(factory: PipelineFactory, log: PipelineLifecycleLogger): Promise<void> {
    const started = performance.now();
    try {
      this.#pipeline = await factory();
      const loadedMs = Math.round(performance.now() - started);
      log.info(
        { loadedMs, models: this.#pipeline.models(), device: this.#pipeline.device() },
        'models loaded',
      );
      await this.#pipeline.warmUp();
      this.#ready = true;
      log.info(
        { readyMs: Math.round(performance.now() - started) },
        'warm-up inference passed; engine ready',
      );
    } catch (error) {
      this.#failure = error instanceof Error ? error : new Error(String(error));
      log.error({ err: this.#failure }, 'the engine could not load or warm up its models');
    }
  }

  /** SIGTERM: /ready turns false so orchestrators stop sending work. */
  drain(): void {
    this.#draining = true;
  }

  models(): Record<string, ModelInfo> {
    return this.#pipeline ? this.#pipeline.models() : MODELS_BEFORE_LOAD;
  }

  device(requested: string): DeviceInfo {
    if (this.#pipeline) return this.#pipeline.device();
    // Not known before load: report what runs for sure (the CPU) rather than what was asked for.
    return { type: 'cpu', name: requested === 'cpu' ? 'cpu' : null, cuda_version: null };
  }

  async close(): Promise<void> {
    const pipeline = this.#pipeline;
    this.#pipeline = null;
    this.#ready = false;
    if (pipeline) await pipeline.close();
  }
}
