import path from 'node:path';
import { build } from 'vite';

export const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
export const RENDERER_OUT = path.join(ROOT, 'out', 'renderer');

/** The production build, exactly what `npm run build:renderer` makes and the packaged app loads. */
export async function buildRenderer(): Promise<string> {
  // Under Vitest NODE_ENV is "test", which would make Vite bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(ROOT, 'renderer', 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return RENDERER_OUT;
}
