/**
 * Several engines behind one queue: the local engine the launcher runs on a Docker daemon, and engine
 * URLs someone else runs (a GPU server, a Kubernetes service), each with its API key. Plain JSON data
 * shared by the launcher, the CLI and the app. An API key never appears in anything listed here that
 * goes to the app or into a log: listings say only whether an engine has one.
 */
import { type ProcessFields, processFieldDefaults } from '../docker/api/processFields.ts';
import type { EngineIdentity } from './domain.ts';
import type { StatusResponse } from './engineApi.ts';
import type { BridgeError } from './errors.ts';

/** The id of the engine the launcher runs itself (on the local or a remote Docker daemon). */
export const LOCAL_ENGINE_ID = 'local';

/** A URL engine as saved in the data folder (urlEngines.json), key included: never sent to the app. */
export interface UrlEngineSetting {
  /** Normalised (no trailing slash); also the engine's id. */
  url: string;
  apiKey: string | null;
  /** Photos sent at once; null: as many as its kind takes (ours 2, the published image 1). */
  concurrency: number | null;
}

/** At most this many photos at once on one engine (a setting above it is refused). */
export const MAX_ENGINE_CONCURRENCY = 16;

/** Which engine made a result: the id ('local' or the URL) and how to name it to a person. */
export interface EngineRef {
  id: string;
  label: string;
}

/**
 * Where an engine stands in the queue: never asked yet; ready (idle or working); being brought
 * back after a loss; or down with the sentence why (unreachable, key refused, TLS) and skipped.
 */
export type EngineLaneState = 'unknown' | 'ready' | 'recovering' | 'down';

export interface EngineActivity extends EngineRef {
  kind: 'local' | 'url';
  state: EngineLaneState;
  /** Set when down (and kept while it is tried again). */
  error: BridgeError | null;
  /** Photos it is working on now, and at most at once. */
  inFlight: number;
  concurrency: number;
  /** Photos it finished for this queue, and how long one takes there on average (null until one). */
  done: number;
  averageMs: number | null;
  /** Where inference runs there, as it reported; null until known. */
  device: 'cpu' | 'cuda' | null;
  /**
   * Form fields (docker/api/processFields.ts names) it cannot honour, each with the reason, as it
   * reported them; null until it answered. This computer's engine says it in the engine state too.
   */
  unavailableOptions: Record<string, string> | null;
}

/** A URL engine in the app's Engines view and the CLI's output: the setting without its key. */
export interface UrlEngineListing {
  url: string;
  hasKey: boolean;
  concurrency: number | null;
}

/** Our engine (IS-Net segmentation), the published djok/facecraft image (u2net), or neither. */
export type UrlEngineKind = 'facecraft' | 'published' | 'unknown';

/** What testing an engine URL on the spot found. */
export interface UrlEngineReport {
  url: string;
  plainHttp: boolean;
  kind: UrlEngineKind;
  version: string;
  device: StatusResponse['device'];
  ready: boolean;
  /** Form fields it cannot honour, each with the reason (read from its /status and its kind). */
  unavailableOptions: Record<string, string>;
}

/** How many engines are taking photos right now (the header's count). */
export function workingEngines(activity: readonly EngineActivity[]): number {
  return activity.filter((engine) => engine.state === 'ready' && engine.inFlight > 0).length;
}

/** One problem with a URL engine setting, or null; the one check the settings file, the app and the CLI share. */
export function engineConcurrencyProblem(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_ENGINE_CONCURRENCY)
    return null;
  return `An engine takes between 1 and ${MAX_ENGINE_CONCURRENCY} photos at once.`;
}

/** What the options panel says of one option, given every engine taking photos. */
export interface OptionSupport {
  /** No engine taking photos honours it: the reason (the option is shown off and disabled). */
  unavailable: string | null;
  /** Some engines do not: which, and why (the option stays, with this beside it). */
  notEverywhere: string | null;
}

/**
 * Whether an option (its form field) reaches every photo. Photos go to this computer's engine (its
 * identity, while it is there, unless it is stopped while URL engines carry on) and to every URL
 * engine not known to be down (what each reported); an option none of them honours is unavailable,
 * one that some of them ignore says which.
 */
export function optionSupport(
  field: string,
  local: EngineIdentity | null,
  activity: readonly EngineActivity[],
): OptionSupport {
  const remote = activity
    .filter((engine) => engine.kind === 'url' && engine.state !== 'down' && engine.unavailableOptions)
    .map((engine) => ({ label: engine.label, unavailable: engine.unavailableOptions ?? {} }));
  const localDown = activity.some((engine) => engine.kind === 'local' && engine.state === 'down');
  const localTakesPhotos = local !== null && !(localDown && remote.length > 0);
  const engines = [
    ...(localTakesPhotos ? [{ label: 'This computer', unavailable: local.unavailableOptions }] : []),
    ...remote,
  ];
  const lacking = engines.filter((engine) => engine.unavailable[field] !== undefined);
  if (lacking.length === 0) return { unavailable: null, notEverywhere: null };
  const first = lacking[0]!;
  if (lacking.length === engines.length)
    return { unavailable: first.unavailable[field]!, notEverywhere: null };
  const names = lacking.map((engine) => engine.label).join(', ');
  return { unavailable: null, notEverywhere: `Not on ${names}: ${first.unavailable[field]}` };
}

/** An option a person set that an engine which made photos could not honour. */
export interface OptionNotHonoured {
  /** The form field (docker/api/processFields.ts name). */
  field: string;
  /** The engine's label, and how many photos it made without the option. */
  engine: string;
  photos: number;
  /** The engine's sentence for it (EngineActivity.unavailableOptions). */
  reason: string;
}

/**
 * The options set to do something (a switch on, a value away from its default) that an engine which
 * made photos could not honour, each with that engine's sentence: what the CLI tells a person after a
 * batch, where the app shows the same sentences beside the options (optionSupport). A field left at
 * rest loses nothing where it is ignored, so it is not named.
 */
export function optionsNotHonoured(
  fields: ProcessFields,
  activity: readonly EngineActivity[],
): OptionNotHonoured[] {
  const defaults: Record<string, unknown> = processFieldDefaults();
  const set = Object.entries(fields)
    .filter(([field, value]) => value === true || (typeof value !== 'boolean' && value !== defaults[field]))
    .map(([field]) => field);
  return activity
    .filter((engine) => engine.done > 0)
    .flatMap((engine) =>
      set.flatMap((field) => {
        const reason = engine.unavailableOptions?.[field];
        return reason ? [{ field, engine: engine.label, photos: engine.done, reason }] : [];
      }),
    );
}
