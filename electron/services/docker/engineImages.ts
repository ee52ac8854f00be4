/**
 * The engine images the app knows by name: ours (published by the release workflow from
 * docker-bake.hcl, tagged with the app's version so app and engine always match) and the original
 * djok/facecraft images (one choice away). A local build is tagged facecraft:<device> (buildImage.ts).
 */

import type { Device } from '../../../contract/domain.ts';
import {
  ENGINE_CHOICE_DESCRIPTIONS,
  type EngineImageChoices,
  PUBLISHED_ENGINE_REFERENCES,
} from '../../../contract/engineChoices.ts';
import packageJson from '../../../package.json' with { type: 'json' };

// The published references and the choices' sentences live in contract/ (the engine setup shows them too).
export { ENGINE_CHOICE_DESCRIPTIONS, PUBLISHED_ENGINE_REFERENCES };

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

/** Both choices' references for this app version, for the engine setup (AppInfo). */
export function engineImageChoices(version: string = APP_VERSION): EngineImageChoices {
  return { own: ownEngineReferences(version), published: { ...PUBLISHED_ENGINE_REFERENCES } };
}
