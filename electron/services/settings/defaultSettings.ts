import { DEFAULT_PROCESS_OPTIONS, type Settings } from '../../../contract/domain.ts';
import { ownEngineReferences } from '../docker/index.ts';

/** Our engine of this app version by default (pulled, else built): a user's first run needs no build tools. CPU by default, because a GPU must be proven first. */
export function defaultSettings(): Settings {
  return {
    outputDir: null,
    outputFormat: 'png',
    device: 'cpu',
    allowGpuFallback: true,
    imageSource: 'auto',
    askBeforeBuilding: false,
    imageRefs: ownEngineReferences(),
    options: structuredClone(DEFAULT_PROCESS_OPTIONS),
    keepRunning: false,
    documentId: null,
  };
}
