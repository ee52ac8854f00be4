import { describe, expect, it } from 'vitest';
import { DEFAULT_PROCESS_OPTIONS } from '../../../../../contract/processOptions.ts';
import { defaultSettings } from '../../../../../electron/services/settings/defaultSettings.ts';

describe('defaultSettings', () => {
  it('a first run: CPU, the published images pulled, the engine defaults, PNG, engine stopped on quit', () => {
    expect(defaultSettings()).toEqual({
      outputDir: null,
      outputFormat: 'png',
      device: 'cpu',
      allowGpuFallback: true,
      imageSource: 'pull',
      imageRefs: { cpu: 'djok/facecraft:cpu', gpu: 'djok/facecraft:gpu' },
      options: DEFAULT_PROCESS_OPTIONS,
      keepRunning: false,
    });
  });

  it('hands out a fresh copy each time, so a change never leaks into the defaults', () => {
    const first = defaultSettings();
    first.options.background.r = 0;
    expect(defaultSettings().options.background.r).toBe(240);
  });
});
