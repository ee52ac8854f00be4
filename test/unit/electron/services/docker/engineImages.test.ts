/** The image references the app pulls: ours tagged with the app's version, or the original images. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_VERSION,
  ENGINE_REPOSITORY,
  engineImageChoices,
  ownEngineReference,
  ownEngineReferences,
  PUBLISHED_ENGINE_REFERENCES,
} from '../../../../../electron/services/docker/engineImages.ts';
import packageJson from '../../../../../package.json' with { type: 'json' };
import { REPO_ROOT } from '../../../../support/fixtures.ts';

describe('engine images', () => {
  it('our engine is tagged <version>-<device>, the version being the app version', () => {
    expect(APP_VERSION).toBe(packageJson.version);
    expect(ownEngineReference('cpu', '1.2.3')).toBe('ghcr.io/facecraft-desktop/facecraft-engine:1.2.3-cpu');
    expect(ownEngineReferences()).toEqual({
      cpu: `ghcr.io/facecraft-desktop/facecraft-engine:${packageJson.version}-cpu`,
      gpu: `ghcr.io/facecraft-desktop/facecraft-engine:${packageJson.version}-gpu`,
    });
  });

  it('names the same repository the release workflow publishes to (docker-bake.hcl)', async () => {
    const bake = await readFile(path.join(REPO_ROOT, 'docker-bake.hcl'), 'utf8');
    const repository = /variable "REPOSITORY" \{\s*default = "([^"]+)"/.exec(bake)?.[1];
    expect(repository).toBe(ENGINE_REPOSITORY);
  });

  it('the original images are djok/facecraft:cpu and :gpu', () => {
    expect(PUBLISHED_ENGINE_REFERENCES).toEqual({ cpu: 'djok/facecraft:cpu', gpu: 'djok/facecraft:gpu' });
  });

  it("the engine setup's two choices: our engine of this version, or the original images", () => {
    expect(engineImageChoices()).toEqual({
      own: ownEngineReferences(),
      published: PUBLISHED_ENGINE_REFERENCES,
    });
  });
});
