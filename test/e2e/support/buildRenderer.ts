import path from 'node:path';
import { build } from 'vite';

export const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
export const RENDERER_OUT = path.join(ROOT, 'out', 'renderer');

/** The production build, exactly what `npm run build:renderer` makes and the packaged app loads. */
export async function buildRenderer(): Promise<string> {
  await build({ configFile: path.join(ROOT, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
  return RENDERER_OUT;
}
