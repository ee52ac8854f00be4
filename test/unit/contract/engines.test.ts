/** The engines facts the app, the CLI and the launcher share: the header's count, the one concurrency rule. */
import { describe, expect, it } from 'vitest';
import {
  type EngineActivity,
  engineConcurrencyProblem,
  MAX_ENGINE_CONCURRENCY,
  workingEngines,
} from '../../../contract/engines.ts';

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
  };
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
});
