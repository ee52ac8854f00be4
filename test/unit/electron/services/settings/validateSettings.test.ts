/** Settings changes from the UI or CLI, and files edited by hand. */

import { describe, expect, it } from 'vitest';
import { FacecraftError } from '../../../../../contract/errors.ts';
import { ownEngineReference } from '../../../../../electron/services/docker/engineImages.ts';
import { defaultSettings } from '../../../../../electron/services/settings/defaultSettings.ts';
import {
  applySettingsPatch,
  normalizeSettings,
} from '../../../../../electron/services/settings/validateSettings.ts';

function refusal(patch: unknown): FacecraftError {
  try {
    applySettingsPatch(defaultSettings(), patch);
  } catch (error) {
    if (error instanceof FacecraftError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('validateSettings', () => {
  it('changes one option without resetting the others (no option is forgotten)', () => {
    const current = applySettingsPatch(defaultSettings(), {
      options: { faceMargin: 0.45, enhanceFidelity: 0.5 },
    });
    const next = applySettingsPatch(current, { options: { background: { r: 10 } } });
    expect(next.options).toMatchObject({
      faceMargin: 0.45,
      enhanceFidelity: 0.5,
      background: { r: 10, g: 240, b: 240 },
    });
  });

  it('refuses a width of 32 as the engine would, names every problem, and keeps the old values', () => {
    const error = refusal({ options: { width: 32 }, outputFormat: 'tiff', colour: 'red' });
    expect(error.code).toBe('invalid-argument');
    expect(error.message).toContain('The width must be from 64 to 4096; 32 is out of range.');
    expect(error.message).toContain('The output format must be png, jpg or both.');
    expect(error.message).toContain('"colour" is not a setting.');
  });

  it('keeps every valid field of a hand-edited file and defaults the rest', () => {
    const settings = normalizeSettings({
      device: 'gpu',
      outputFormat: 'both',
      imageRefs: { cpu: 'registry.local/facecraft:cpu', gpu: 'not a ref!' },
      options: { width: 413, faceMargin: 7 },
    });
    expect(settings.device).toBe('gpu');
    expect(settings.outputFormat).toBe('both');
    expect(settings.imageRefs).toEqual({
      cpu: 'registry.local/facecraft:cpu',
      gpu: ownEngineReference('gpu'),
    });
    expect(settings.options).toMatchObject({ width: 413, faceMargin: 0.3 });
  });
});
