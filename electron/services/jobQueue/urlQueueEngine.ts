/**
 * One engine URL someone else runs, as a QueueEngine: tested with the on-the-spot probe (reachable,
 * key accepted, kind, device, ready) before the first photo and after a loss. Never started or
 * stopped from here: "recovering" it only means asking again whether it is back.
 */
import type { UrlEngineSetting } from '../../../contract/engines.ts';
import { FacecraftError } from '../../../contract/errors.ts';
import { engineProfile, urlEngineKind } from '../engineKind/engineKind.ts';
import { type ProbeOptions, probeUrlEngine, type UrlEngineReport } from '../engines/probeUrlEngine.ts';
import type { QueueEngine, ServingEngine } from './queueEngine.ts';

export type ProbeUrlEngine = typeof probeUrlEngine;

export class UrlQueueEngine implements QueueEngine {
  readonly setting: UrlEngineSetting;
  readonly #probe: ProbeUrlEngine;
  readonly #probeOptions: ProbeOptions;
  #report: UrlEngineReport | null = null;

  constructor(
    setting: UrlEngineSetting,
    probe: ProbeUrlEngine = probeUrlEngine,
    probeOptions: ProbeOptions = {},
  ) {
    this.setting = setting;
    this.#probe = probe;
    this.#probeOptions = probeOptions;
  }

  async acquire(signal?: AbortSignal): Promise<ServingEngine> {
    if (this.#report) return this.#serving(this.#report);
    return this.#check(signal);
  }

  recover(_lost: ServingEngine, signal?: AbortSignal): Promise<ServingEngine> {
    this.#report = null;
    return this.#check(signal);
  }

  /** The setting, else what its kind takes at once (known after the first probe), else one. */
  photosInFlight(): number {
    if (this.setting.concurrency !== null) return this.setting.concurrency;
    return this.#report ? engineProfile(urlEngineKind(this.#report.kind)).photosInFlight : 1;
  }

  async #check(signal?: AbortSignal): Promise<ServingEngine> {
    const report = await this.#probe(this.setting.url, this.setting.apiKey, {
      ...this.#probeOptions,
      ...(signal ? { signal } : {}),
    });
    if (!report.ready)
      throw new FacecraftError(
        'engine-not-ready',
        `The engine at ${report.url} answers but is not ready yet (its models are still loading).`,
      );
    this.#report = report;
    return this.#serving(report);
  }

  #serving(report: UrlEngineReport): ServingEngine {
    return {
      connection: { url: report.url, apiKey: this.setting.apiKey, kind: urlEngineKind(report.kind) },
      deviceType: report.device.type,
      unavailableOptions: report.unavailableOptions,
    };
  }
}
