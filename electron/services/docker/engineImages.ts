/**
 * The engine images the app knows by name: ours (published by the release workflow from
 * docker-bake.hcl, tagged with the app's version so app and engine always match) and the original
 * djok/facecraft images (one choice away). A local build is tagged facecraft:<device> (buildImage.ts).
 */

import type { Device } from '../../../contract/domain.ts';
import packageJson from '../../../package.json' with { type: 'json' };

/** The project's registry repository; docker-bake.hcl's REPOSITORY default says the same (a test holds them equal). */
export const ENGINE_REPOSITORY = 'ghcr.io/facecraft-desktop/facecraft-engine';

/** The app's version (package.json), which is also the engine image's version tag. */
export const APP_VERSION: string = packageJson.version;

/** Our engine for this app version, e.g. ghcr.io/facecraft-desktop/facecraft-engine:0.1.0-cpu. */
export function ownEngineReference(device: Device, version: string = APP_VERSION): string {
  return `${ENGINE_REPOSITORY}:${version}-${device}`;
}

export function ownEngineReferences(version: string = APP_VERSION): Record<Device, string> {
  return { cpu: ownEngineReference('cpu', version), gpu: ownEngineReference('gpu', version) };
}

/** The original Facecraft images (Python/FastAPI, Docker Hub). */
export const PUBLISHED_ENGINE_REFERENCES: Readonly<Record<Device, string>> = {
  cpu: 'djok/facecraft:cpu',
  gpu: 'djok/facecraft:gpu',
};

/** One honest sentence per choice, for the engine setup and the CLI's help. */
export const ENGINE_CHOICE_DESCRIPTIONS = {
  own: 'The Facecraft Desktop engine (default): about 0.7 GB, an API key per start, every option.',
  published:
    'The original Facecraft image: 4 GB download (CPU; 14 GB for GPU), no API key, fewer options (no face enhancement, no transparent PNG without the oval).',
} as const;
