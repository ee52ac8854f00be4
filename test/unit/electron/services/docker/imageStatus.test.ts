/** Which image each engine variant uses, by the settings. */

import { describe, expect, it } from 'vitest';
import { ownEngineReference } from '../../../../../electron/services/docker/engineImages.ts';
import { imageReference } from '../../../../../electron/services/docker/imageStatus.ts';
import { defaultSettings } from '../../../../../electron/services/settings/defaultSettings.ts';

describe('imageStatus', () => {
  it('gets our engine of this app version by default and builds a local tag when building', () => {
    const settings = defaultSettings();
    expect(imageReference('cpu', settings)).toBe(ownEngineReference('cpu'));
    expect(imageReference('gpu', settings)).toBe(ownEngineReference('gpu'));
    expect(imageReference('cpu', settings, 'build')).toBe('facecraft:cpu');
    expect(imageReference('gpu', { ...settings, imageSource: 'build' })).toBe('facecraft:gpu');
  });

  it('takes a user-chosen reference, without a tag meaning latest', () => {
    const settings = {
      ...defaultSettings(),
      imageRefs: { cpu: 'registry.local/portraits', gpu: 'djok/facecraft:gpu' },
    };
    expect(imageReference('cpu', settings)).toBe('registry.local/portraits:latest');
  });
});
