import { describe, expect, it } from 'vitest';
import { DEFAULT_PROCESS_OPTIONS } from '../../../../../contract/processOptions.ts';
import { ownEngineReferences } from '../../../../../electron/services/docker/engineImages.ts';
import { defaultSettings } from '../../../../../electron/services/settings/defaultSettings.ts';

describe('defaultSettings', () => {
  it('a first run: CPU, our engine of this version (pulled, else built without asking), the engine defaults, PNG, engine stopped on quit', () => {
    expect(defaultSettings()).toEqual({
      outputDir: null,
      outputFormat: 'png',
      device: 'cpu',
      allowGpuFallback: true,
      imageSource: 'auto',
      askBeforeBuilding: false,
      imageRefs: ownEngineReferences(),
      options: DEFAULT_PROCESS_OPTIONS,
      keepRunning: false,
      documentId: null,
    });
  });

  it('hands out a fresh copy each time, so a change never leaks into the defaults', () => {
    const first = defaultSettings();
    first.options.background.r = 0;
    expect(defaultSettings().options.background.r).toBe(240);
  });
});
