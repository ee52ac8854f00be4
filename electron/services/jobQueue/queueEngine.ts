/** What the queue needs from whoever runs the engine (the engine manager in the app, a test engine in tests). */
import type { EngineActivity, EngineRef } from '../../../contract/engines.ts';
import type { EngineConnection } from '../engineClient/engineClient.ts';

export interface ServingEngine {
  connection: EngineConnection;
  /** Where inference runs, as the engine itself reports it (/status). */
  deviceType: 'cpu' | 'cuda';
  /** Which of several engines this is (set by the engine pool); recorded with the result. */
  engine?: EngineRef;
  /** Form fields it cannot honour, with the reason (optionAvailability.ts), when it told. */
  unavailableOptions?: Record<string, string>;
}

/** How a photo left the engine it was given: finished (its time counts for the engine's speed) or not. */
export type ReleaseOutcome = 'done' | 'failed';

export interface QueueEngine {
  /** The engine to send work to, starting it when needed. Throws a FacecraftError when it cannot. */
  acquire(signal?: AbortSignal): Promise<ServingEngine>;
  /**
   * Called when `lost` stopped answering mid-photo (or refused the key): make sure a live engine
   * serves (restart it when it died, or another one) and answer it. Throws when none can be had.
   */
  recover(lost: ServingEngine, signal?: AbortSignal, reason?: unknown): Promise<ServingEngine>;
  /** At most this many photos at once for the engine serving now (the published image: one); null: no limit. */
  photosInFlight?(): number | null;
  /**
   * Present on an engine that hands out one slot per photo (the pool): each acquire and recover is
   * matched by one release of the engine last answered, or by a recover of it. Such an engine
   * honours the abort signal itself, and recovers each photo on its own.
   */
  release?(serving: ServingEngine, outcome: ReleaseOutcome): void;
  /** How often one photo may move to a live engine after losing its own (default once). */
  readonly movesPerPhoto?: number;
  /** The user asked to try again (Start pressed, Retry): engines given up on are asked once more. */
  resume?(): void;
  /** How each engine behind this one stands (the header's count, the Engines view). */
  activity?(): EngineActivity[];
  /** Called whenever activity() would answer something new. */
  onChange?(listener: () => void): () => void;
}
