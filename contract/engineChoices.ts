/**
 * The engine images a user chooses between in the engine setup and the CLI: ours (the default, named
 * by the main process because its tag is the app's version) and the original djok/facecraft images.
 */
import type { Device } from './domain.ts';

/** The original Facecraft images (Python/FastAPI, Docker Hub). */
export const PUBLISHED_ENGINE_REFERENCES: Readonly<Record<Device, string>> = {
  cpu: 'djok/facecraft:cpu',
  gpu: 'djok/facecraft:gpu',
};

/** One honest sentence per choice, for the engine setup and the CLI's help. */
export const ENGINE_CHOICE_DESCRIPTIONS = {
  own: 'The Facecraft Desktop engine (default): about 650 MB (CPU), an API key per start, every option.',
  published:
    'The original Facecraft image: 4 GB download (CPU; 14 GB for GPU), no API key, fewer options (no face enhancement, no transparent PNG without the oval).',
} as const;

/** The references of both choices, per variant (AppInfo carries them to the engine setup). */
export interface EngineImageChoices {
  own: Record<Device, string>;
  published: Record<Device, string>;
}

/** Whether the settings' references are the original image's (for the variant that runs). */
export function isPublishedChoice(imageRefs: Record<Device, string>, device: Device): boolean {
  return imageRefs[device] === PUBLISHED_ENGINE_REFERENCES[device];
}
