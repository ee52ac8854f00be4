/** Bundles pagePreload.ts (and the preload's facecraftApi.ts it imports) into one classic script. */
import path from 'node:path';
import { build, type Rollup } from 'vite';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

export async function pageBridgeScript(): Promise<string> {
  const output = (await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    build: {
      write: false,
      minify: false,
      target: 'chrome120',
      lib: {
        entry: path.join(import.meta.dirname, 'pagePreload.ts'),
        formats: ['iife'],
        name: 'facecraftHarness',
      },
      rollupOptions: { output: { inlineDynamicImports: true } },
    },
  })) as Rollup.RollupOutput[] | Rollup.RollupOutput;
  const first = Array.isArray(output) ? output[0] : output;
  const chunk = first?.output.find((o): o is Rollup.OutputChunk => o.type === 'chunk');
  if (!chunk) throw new Error('Bundling the page bridge produced no script.');
  return chunk.code;
}
