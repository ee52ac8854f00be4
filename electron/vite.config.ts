/**
 * Bundles the Node side: `npm run build:main` writes
 *   out/main/main.js        Electron main process (ESM)
 *   out/preload/preload.cjs the sandboxed preload (one CommonJS file: sandboxed preloads cannot import)
 *   out/cli/facecraft.js    the headless CLI (ESM, with a shebang; the package.json `bin`)
 * Native-ish dependencies (dockerode and its stream helpers) and electron stay external: they are
 * installed next to the bundle, never inlined. The renderer is built separately into out/renderer/.
 */
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build, defineConfig, type InlineConfig, type Plugin } from 'vite';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'out');

const EXTERNAL = [
  'electron',
  'dockerode',
  'tar-fs',
  '@balena/dockerignore',
  // Native (libvips): loaded from node_modules, unpacked from the asar (electron-builder.yml).
  'sharp',
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
];
const isExternal = (id: string): boolean => EXTERNAL.some((e) => id === e || id.startsWith(`${e}/`));

function nodeBundle(
  entry: string,
  outDir: string,
  fileName: string,
  format: 'es' | 'cjs',
  banner?: string,
): InlineConfig {
  return {
    configFile: false,
    root,
    logLevel: 'warn',
    build: {
      ssr: entry,
      outDir,
      emptyOutDir: true,
      target: 'node22',
      minify: false,
      sourcemap: true,
      rollupOptions: {
        external: isExternal,
        output: {
          format,
          entryFileNames: fileName,
          inlineDynamicImports: true,
          ...(banner ? { banner } : {}),
        },
      },
    },
    ssr: { noExternal: true, external: EXTERNAL.filter((e) => !e.startsWith('node:')) },
  };
}

/** After the main bundle, the preload and the CLI (each needs its own output format). */
function buildSiblings(): Plugin {
  return {
    name: 'facecraft-build-preload-and-cli',
    apply: 'build',
    async closeBundle() {
      await build(nodeBundle('electron/preload/preload.ts', path.join(out, 'preload'), 'preload.cjs', 'cjs'));
      await build(
        nodeBundle(
          'electron/cli/main.ts',
          path.join(out, 'cli'),
          'facecraft.js',
          'es',
          '#!/usr/bin/env node',
        ),
      );
    },
  };
}

const { configFile: _inline, ...main } = nodeBundle(
  'electron/main/main.ts',
  path.join(out, 'main'),
  'main.js',
  'es',
);

export default defineConfig({ ...main, plugins: [buildSiblings()] });
