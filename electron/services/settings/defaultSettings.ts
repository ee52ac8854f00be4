import { DEFAULT_PROCESS_OPTIONS, type Settings } from '../../../contract/domain.ts';

/** Published images by default: a user's first run needs no build tools. CPU by default, because a GPU must be proven first. */
export function defaultSettings(): Settings {
  return {
    outputDir: null,
    outputFormat: 'png',
    device: 'cpu',
    allowGpuFallback: true,
    imageSource: 'pull',
    imageRefs: { cpu: 'djok/facecraft:cpu', gpu: 'djok/facecraft:gpu' },
    options: structuredClone(DEFAULT_PROCESS_OPTIONS),
    keepRunning: false,
  };
}
