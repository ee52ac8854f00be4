/** What the queue needs from whoever runs the engine (the engine manager in the app, a test engine in tests). */
import type { EngineConnection } from '../engineClient/engineClient.ts';

export interface ServingEngine {
  connection: EngineConnection;
  /** Where inference runs, as the engine itself reports it (/status). */
  deviceType: 'cpu' | 'cuda';
}

export interface QueueEngine {
  /** The engine to send work to, starting it when needed. Throws a FacecraftError when it cannot. */
  acquire(signal?: AbortSignal): Promise<ServingEngine>;
  /**
   * Called when `lost` stopped answering mid-photo: make sure a live engine serves (restart it
   * when it died) and answer it. Throws when the engine cannot be brought back.
   */
  recover(lost: ServingEngine, signal?: AbortSignal): Promise<ServingEngine>;
  /** At most this many photos at once for the engine serving now (the published image: one); null: no limit. */
  photosInFlight?(): number | null;
}
