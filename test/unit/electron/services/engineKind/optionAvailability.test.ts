/** Which options the settings show as unavailable, and why. */
import { describe, expect, it } from 'vitest';
import { PROCESS_FIELDS } from '../../../../../docker/api/processFields.ts';
import {
  OWN_ENGINE_PROFILE,
  PUBLISHED_ENGINE_PROFILE,
} from '../../../../../electron/services/engineKind/engineKind.ts';
import { unavailableOptions } from '../../../../../electron/services/engineKind/optionAvailability.ts';

const ownAdditions = Object.entries(PROCESS_FIELDS)
  .filter(([, spec]) => !spec.contract)
  .map(([name]) => name);

describe('option availability', () => {
  it('our engine with a loaded face enhancer offers every option', () => {
    expect(unavailableOptions(OWN_ENGINE_PROFILE, { models: { face_enhancer: { loaded: true } } })).toEqual(
      {},
    );
  });

  it('without a loaded face enhancer, enhancement is unavailable with a reason naming the engine', () => {
    const unavailable = unavailableOptions(OWN_ENGINE_PROFILE, {
      models: { face_enhancer: { loaded: false } },
    });
    expect(Object.keys(unavailable).sort()).toEqual(['enhance_face', 'enhance_fidelity']);
    expect(unavailable.enhance_face).toBe(
      'Face enhancement is not available: the Facecraft Desktop engine has no face enhancer loaded.',
    );
    expect(unavailableOptions(OWN_ENGINE_PROFILE, null).enhance_fidelity).toBeDefined();
  });

  it('the published image cannot take our additions to the form (contract: false rows)', () => {
    expect(ownAdditions.length).toBeGreaterThan(0);
    const unavailable = unavailableOptions(PUBLISHED_ENGINE_PROFILE, { models: {} });
    for (const name of ownAdditions)
      expect(unavailable[name]).toBe(
        'Not available with the published Facecraft image: it ignores this option.',
      );
    expect(unavailable.width).toBeUndefined();
  });
});
