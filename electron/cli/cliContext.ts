/**
 * What every command needs: the app's settings (shared with the desktop app, read-only here unless
 * asked), the Docker services, and a clean shutdown.
 */
import os from 'node:os';
import path from 'node:path';
import type { Device, ImageSource, Settings } from '../../contract/domain.ts';
import { createDockerServices, DEFAULT_INSTANCE, type DockerServices } from '../services/docker/index.ts';
import { SettingsStore } from '../services/settings/settingsStore.ts';
import { UrlEngineStore } from '../services/settings/urlEngineStore.ts';

/** The bundled docker/ build context: ../../docker from both electron/cli/ and out/cli/. */
export const ENGINE_CONTEXT_DIR = path.resolve(import.meta.dirname, '..', '..', 'docker');

const PRODUCT_NAME = 'Facecraft Desktop';

/** Where the desktop app keeps its data (Electron's userData), so the CLI sees the same settings. */
export function appDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FACECRAFT_DATA_DIR) return path.resolve(env.FACECRAFT_DATA_DIR);
  const home = os.homedir();
  if (process.platform === 'win32')
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
}

export interface SettingsOverrides {
  source?: ImageSource;
  /** An image reference for this run: for one variant, or (device omitted) for whichever runs. */
  ref?: { device?: Device; reference: string };
}

export interface CliContext {
  settings: () => Settings;
  /** Which engines are ours (FACECRAFT_ENGINE_INSTANCE, else the app's 'default'): the app's own unless told otherwise. */
  instance: string;
  docker: DockerServices;
  /** The URL engines added in the app (with their keys: never print them). */
  urlEngines: UrlEngineStore;
  close(options?: { keepRunning?: boolean }): Promise<void>;
}

export async function openCliContext(
  overrides: SettingsOverrides = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<CliContext> {
  const store = await SettingsStore.open(appDataDir(env));
  const urlEngines = await UrlEngineStore.open(appDataDir(env));
  const settings = (): Settings => {
    const s = store.get();
    if (overrides.source) s.imageSource = overrides.source;
    const ref = overrides.ref;
    if (ref)
      for (const device of ref.device ? [ref.device] : (['cpu', 'gpu'] as const))
        s.imageRefs[device] = ref.reference;
    return s;
  };
  const docker = createDockerServices({
    contextDir: env.FACECRAFT_ENGINE_CONTEXT ?? ENGINE_CONTEXT_DIR,
    settings,
    connection: { environment: { env, homeDir: os.homedir(), platform: process.platform } },
  });
  let closed = false;
  return {
    settings,
    instance: env.FACECRAFT_ENGINE_INSTANCE || DEFAULT_INSTANCE,
    docker,
    urlEngines,
    async close(options = {}) {
      if (closed) return;
      closed = true;
      await docker.dispose({ keepRunning: options.keepRunning ?? true });
    },
  };
}
