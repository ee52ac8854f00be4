import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPaths } from '../../../../electron/main/appPaths.ts';
import { REPO_ROOT } from '../../../support/fixtures.ts';

describe('where the main process finds its files', () => {
  it('packaged: bundles in the asar, the build context and icon beside it in resources', () => {
    const paths = appPaths({
      isPackaged: true,
      resourcesPath: '/opt/Facecraft Desktop/resources',
      appPath: '/opt/Facecraft Desktop/resources/app.asar',
    });
    expect(paths.preload).toBe('/opt/Facecraft Desktop/resources/app.asar/out/preload/preload.cjs');
    expect(paths.rendererDir).toBe('/opt/Facecraft Desktop/resources/app.asar/out/renderer');
    expect(paths.engineContextDir).toBe('/opt/Facecraft Desktop/resources/docker');
    expect(paths.windowIcon).toBe('/opt/Facecraft Desktop/resources/icon.png');
    expect(paths.modelTerms).toBe('/opt/Facecraft Desktop/resources/docker/MODELS.md');
  });

  it('from the checkout (`electron .`): files that exist in this repository', () => {
    const paths = appPaths({ isPackaged: false, resourcesPath: '/unused', appPath: REPO_ROOT });
    for (const file of [
      paths.windowIcon,
      paths.modelTerms,
      path.join(paths.engineContextDir, 'Dockerfile.cpu'),
    ])
      expect(existsSync(file)).toBe(true);
  });
});
