/**
 * The job queue's view of the engine manager: take the engine that is ready (starting it when
 * needed, with the device from settings), and after the engine died, one shared restart.
 */
import type { Device, EngineState } from '../../../contract/domain.ts';
import { FacecraftError } from '../../../contract/errors.ts';
import type { EngineManager } from '../docker/index.ts';
import type { QueueEngine, ServingEngine } from './queueEngine.ts';

/** The parts of the engine manager the queue uses (a test can stand in for Docker with just these). */
export type QueueEngineManager = Pick<
  EngineManager,
  'state' | 'connection' | 'profile' | 'start' | 'restart'
>;

export class ManagedQueueEngine implements QueueEngine {
  readonly #manager: QueueEngineManager;
  readonly #device: () => Device;

  constructor(manager: QueueEngineManager, device: () => Device) {
    this.#manager = manager;
    this.#device = device;
  }

  async acquire(): Promise<ServingEngine> {
    const serving = this.#serving();
    if (serving) return serving;
    const state = this.#manager.state;
    // A start under way (the user pressed Start, or a switch): join it instead of starting another.
    await this.#manager.start(state.status === 'starting' && state.device ? state.device : this.#device());
    return this.#require();
  }

  async recover(lost: ServingEngine): Promise<ServingEngine> {
    const serving = this.#serving();
    // Someone already replaced the engine that was lost.
    if (serving && serving.connection.url !== lost.connection.url) return serving;
    const state = this.#manager.state;
    // Known dead (Docker reported the exit): a start replaces it, and joins a start already under way.
    // Still "ready" yet unreachable: replace it (the new one is ready before the old one stops).
    if (state.status === 'ready') await this.#manager.restart();
    else await this.#manager.start(state.device ?? this.#device());
    return this.#require();
  }

  photosInFlight(): number | null {
    return this.#manager.connection() ? this.#manager.profile().photosInFlight : null;
  }

  #serving(): ServingEngine | null {
    const state = this.#manager.state;
    const connection = this.#manager.connection();
    // While a switch starts the new variant, the old engine keeps serving (state.url is still set).
    const serving = state.status === 'ready' || (state.status === 'starting' && state.url !== null);
    if (!serving || !connection) return null;
    return {
      connection: { url: connection.url, apiKey: connection.apiKey, kind: connection.kind },
      deviceType: reportedDevice(state),
      ...(state.engine ? { unavailableOptions: state.engine.unavailableOptions } : {}),
    };
  }

  #require(): ServingEngine {
    const serving = this.#serving();
    if (!serving)
      throw new FacecraftError('engine-not-ready', 'The engine is not ready; start it and try again.');
    return serving;
  }
}

function reportedDevice(state: EngineState): 'cpu' | 'cuda' {
  if (state.reported) return state.reported.type;
  return state.device === 'gpu' ? 'cuda' : 'cpu';
}
