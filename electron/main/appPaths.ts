/**
 * Where the main process finds its files, packaged or not. Packaged: the bundles inside app.asar and the
 * engine's build context and window icon beside it in resources/ (extraResources in electron-builder.yml).
 */
import path from 'node:path';

export interface AppLocation {
  isPackaged: boolean;
  /** process.resourcesPath (…/resources of the installed app). */
  resourcesPath: string;
  /** app.getAppPath(): the asar when packaged, the repository when run with `electron .`. */
  appPath: string;
}

export interface AppPaths {
  preload: string;
  rendererDir: string;
  engineContextDir: string;
  /** The window icon (Linux shows it in the title bar and task switcher; macOS and Windows use the bundle's). */
  windowIcon: string;
  /** The engine's model list with each model's licence and terms (shown from About). */
  modelTerms: string;
}

export function appPaths(location: AppLocation): AppPaths {
  const out = path.join(location.appPath, 'out');
  const outside = location.isPackaged ? location.resourcesPath : location.appPath;
  const engineContextDir = path.join(outside, 'docker');
  return {
    preload: path.join(out, 'preload', 'preload.cjs'),
    rendererDir: path.join(out, 'renderer'),
    engineContextDir,
    windowIcon: location.isPackaged
      ? path.join(location.resourcesPath, 'icon.png')
      : path.join(location.appPath, 'resources', 'icon.png'),
    modelTerms: path.join(engineContextDir, 'MODELS.md'),
  };
}
