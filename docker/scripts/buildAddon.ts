/**
 * Builds the dlib addon (native/) with node-gyp, offline: the Node headers come from the running Node's own
 * install root (`<root>/include/node`, present in the node:24 image at /usr/local and in the node24 tool dir),
 * so node-gyp never tries to download them. Works with dev dependencies (node-gyp in node_modules) and
 * without them (the node-gyp that npm bundles), as in the Docker builder stage.
 *
 *   node scripts/buildAddon.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const engineRoot = path.resolve(import.meta.dirname, '..');
export const nativeDir = path.join(engineRoot, 'native');
export const addonPath = path.join(nativeDir, 'build', 'Release', 'facecraft_dlib.node');

function nodeInstallRoot(): string {
  const root = path.dirname(path.dirname(process.execPath));
  if (!existsSync(path.join(root, 'include', 'node', 'node_api.h'))) {
    throw new Error(
      `The Node install at ${root} has no include/node headers; node-gyp would need the internet.`,
    );
  }
  return root;
}

function nodeGypScript(): string {
  const candidates = [
    path.join(engineRoot, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    process.env.npm_config_node_gyp ?? '',
    path.join(
      path.dirname(path.dirname(process.execPath)),
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
  ];
  const found = candidates.find((candidate) => candidate !== '' && existsSync(candidate));
  if (!found) throw new Error(`node-gyp not found (looked in: ${candidates.filter(Boolean).join(', ')})`);
  return found;
}

export function buildAddon(): void {
  const args = [nodeGypScript(), 'rebuild', `--nodedir=${nodeInstallRoot()}`, '--jobs=max'];
  console.log(`building the dlib addon: node ${args.join(' ')}`);
  const result = spawnSync(process.execPath, args, {
    cwd: nativeDir,
    stdio: 'inherit',
    // binding.gyp runs `node -p require('node-addon-api')`: make sure that `node` is this one.
    env: {
      ...process.env,
      PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
    },
  });
  if (result.status !== 0) throw new Error(`node-gyp failed (exit ${result.status}); see its output above`);
  if (!existsSync(addonPath)) throw new Error(`node-gyp succeeded but ${addonPath} is missing`);
}

if (import.meta.main) {
  try {
    buildAddon();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
