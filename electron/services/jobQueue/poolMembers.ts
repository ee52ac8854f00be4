/**
 * The engines a pool is made of, named once for the app and the CLI: the local engine the launcher
 * runs (asked again only when the user says so: asking may start a download or a build), and each URL
 * engine from the settings (asked again on its own every little while: it may come back by itself).
 */
import { createHash } from 'node:crypto';
import { LOCAL_ENGINE_ID, type UrlEngineSetting } from '../../../contract/engines.ts';
import { FacecraftError } from '../../../contract/errors.ts';
import type { PoolMember } from './enginePool.ts';
import type { QueueEngine } from './queueEngine.ts';
import { UrlQueueEngine } from './urlQueueEngine.ts';

/** How long a URL engine that went down is left alone before it is tested again. */
export const URL_ENGINE_RETRY_MS = 15_000;

export const LOCAL_ENGINE_LABEL = 'the local engine';

/** Why the local engine takes no photo after the user stopped it. */
export function localEngineStopped(): FacecraftError {
  return new FacecraftError('engine-not-ready', 'The local engine was stopped; start it to go on.');
}

/** `concurrency`: photos at once there (the device's setting), never more than the engine's kind takes. */
export function localPoolMember(engine: QueueEngine, concurrency: () => number): PoolMember {
  return {
    ref: { id: LOCAL_ENGINE_ID, label: LOCAL_ENGINE_LABEL },
    kind: 'local',
    engine,
    concurrency: () => Math.min(concurrency(), engine.photosInFlight?.() ?? concurrency()),
    retryAfterMs: null,
  };
}

export function urlPoolMember(setting: UrlEngineSetting, retryAfterMs = URL_ENGINE_RETRY_MS): PoolMember {
  const engine = new UrlQueueEngine(setting);
  return {
    ref: { id: setting.url, label: setting.url },
    kind: 'url',
    engine,
    concurrency: () => engine.photosInFlight(),
    retryAfterMs,
    // The key itself stays out of it: a digest tells a changed key from the same one.
    version: `${setting.concurrency ?? '-'}:${createHash('sha256')
      .update(setting.apiKey ?? '')
      .digest('hex')
      .slice(0, 16)}`,
  };
}
