/** The engines facts the app, the CLI and the launcher share: the header's count, the one concurrency rule. */
import { describe, expect, it } from 'vitest';
import type { EngineIdentity } from '../../../contract/domain.ts';
import {
  type EngineActivity,
  engineConcurrencyProblem,
  MAX_ENGINE_CONCURRENCY,
  optionSupport,
  optionsNotHonoured,
  workingEngines,
} from '../../../contract/engines.ts';
import { DEFAULT_PROCESS_OPTIONS, toProcessFields } from '../../../contract/processOptions.ts';

function engine(state: EngineActivity['state'], inFlight: number): EngineActivity {
  return {
    id: `${state}-${inFlight}`,
    label: 'e',
    kind: 'url',
    state,
    error: null,
    inFlight,
    concurrency: 2,
    done: 0,
    averageMs: null,
    device: null,
    unavailableOptions: null,
  };
}

const OURS: EngineIdentity = {
  kind: 'facecraft-desktop',
  title: 'the Facecraft Desktop engine',
  unavailableOptions: {
    enhance_face:
      'Face enhancement is not available: the Facecraft Desktop engine has no face enhancer loaded.',
  },
  transparentPngWithoutOval: true,
};
const PUBLISHED_SAYS = {
  enhance_face:
    'Face enhancement is not available: the published Facecraft image has no face enhancer loaded.',
  touch_up: 'Not available with the published Facecraft image: it ignores this option.',
};

function urlEngine(
  label: string,
  state: EngineActivity['state'],
  unavailable: Record<string, string> | null,
) {
  return { ...engine(state, 0), id: label, label, unavailableOptions: unavailable };
}

describe('engines', () => {
  it('counts as working only the ready engines with a photo in flight', () => {
    expect(
      workingEngines([engine('ready', 2), engine('ready', 0), engine('recovering', 0), engine('down', 0)]),
    ).toBe(1);
    expect(workingEngines([])).toBe(0);
  });

  it('takes 1 to the maximum photos at once, or none set', () => {
    expect(engineConcurrencyProblem(null)).toBeNull();
    expect(engineConcurrencyProblem(1)).toBeNull();
    expect(engineConcurrencyProblem(MAX_ENGINE_CONCURRENCY)).toBeNull();
    for (const wrong of [0, MAX_ENGINE_CONCURRENCY + 1, 1.5, '2', undefined])
      expect(engineConcurrencyProblem(wrong)).toBe(
        `An engine takes between 1 and ${MAX_ENGINE_CONCURRENCY} photos at once.`,
      );
  });

  it('an option no engine taking photos honours is unavailable with the reason; one some ignore says which', () => {
    const gpu = 'https://gpu.example.com';
    // This computer alone: what it says.
    expect(optionSupport('enhance_face', OURS, [])).toEqual({
      unavailable: OURS.unavailableOptions.enhance_face,
      notEverywhere: null,
    });
    expect(optionSupport('touch_up', OURS, [])).toEqual({ unavailable: null, notEverywhere: null });
    // With the published image on a server beside it, the touch-up reaches only this computer's photos.
    expect(optionSupport('touch_up', OURS, [urlEngine(gpu, 'ready', PUBLISHED_SAYS)])).toEqual({
      unavailable: null,
      notEverywhere: `Not on ${gpu}: ${PUBLISHED_SAYS.touch_up}`,
    });
    // Only URL engines (this computer's engine not there): theirs decide.
    expect(optionSupport('touch_up', null, [urlEngine(gpu, 'ready', PUBLISHED_SAYS)])).toEqual({
      unavailable: PUBLISHED_SAYS.touch_up,
      notEverywhere: null,
    });
    // This computer's engine stopped while a server carries on: the server's limits decide.
    const stoppedHere = { ...engine('down', 0), id: 'local', label: 'This computer', kind: 'local' as const };
    expect(optionSupport('touch_up', OURS, [stoppedHere, urlEngine(gpu, 'ready', PUBLISHED_SAYS)])).toEqual({
      unavailable: PUBLISHED_SAYS.touch_up,
      notEverywhere: null,
    });
    // Stopped with nothing else: photos wait for it, so its own limits still hold.
    expect(optionSupport('enhance_face', OURS, [stoppedHere])).toEqual({
      unavailable: OURS.unavailableOptions.enhance_face,
      notEverywhere: null,
    });
    // An engine that is down or has not answered yet takes no photos and says nothing.
    expect(
      optionSupport('touch_up', OURS, [
        urlEngine(gpu, 'down', PUBLISHED_SAYS),
        urlEngine('b', 'unknown', null),
      ]),
    ).toEqual({ unavailable: null, notEverywhere: null });
  });

  it('names the options a person set that an engine which made photos ignored, with its sentence', () => {
    const published = { ...urlEngine('http://gpu:8000', 'ready', PUBLISHED_SAYS), done: 13 };
    const ours = { ...urlEngine('http://ours:8000', 'ready', OURS.unavailableOptions), done: 4 };
    const idle = { ...urlEngine('http://idle:8000', 'ready', PUBLISHED_SAYS), done: 0 };
    // By default the touch-up and face enhancement are asked for: the published image ignores the one and
    // no engine has the other. An idle engine made no photos, so nothing of it is named.
    const defaults = toProcessFields(DEFAULT_PROCESS_OPTIONS);
    expect(optionsNotHonoured(defaults, [published, ours, idle])).toEqual([
      { field: 'enhance_face', engine: 'http://gpu:8000', photos: 13, reason: PUBLISHED_SAYS.enhance_face },
      { field: 'touch_up', engine: 'http://gpu:8000', photos: 13, reason: PUBLISHED_SAYS.touch_up },
      {
        field: 'enhance_face',
        engine: 'http://ours:8000',
        photos: 4,
        reason: OURS.unavailableOptions.enhance_face,
      },
    ]);
    // Switched off, neither is missed.
    const plain = toProcessFields({ ...DEFAULT_PROCESS_OPTIONS, enhance: false, touchUp: false });
    expect(optionsNotHonoured(plain, [published, ours])).toEqual([]);
  });
});
