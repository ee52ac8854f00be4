/**
 * Builds the behaviour double of the published djok/facecraft image (test/support/upstreamDouble/)
 * on the local node:24-bookworm-slim base, with sharp's prebuilt binaries copied from this checkout's
 * node_modules (no network). The tag carries a hash of the double's sources, so a rebuild without
 * changes is a cache hit and two branches never fight over one tag.
 *
 *   const image = await ensureUpstreamDouble();           // e.g. facecraft-upstream-double:3f2a…
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dockerCli } from './dockerCommand.ts';

const SOURCE_DIR = path.join(import.meta.dirname, 'upstreamDouble');
const SOURCES = ['Dockerfile', 'server.mjs', 'render.mjs'];
/** sharp and what it loads at run time on linux-x64 glibc. */
const RUNTIME_PACKAGES = [
  'sharp',
  '@img/sharp-linux-x64',
  '@img/sharp-libvips-linux-x64',
  '@img/colour',
  'detect-libc',
  'semver',
];

/** The container label the double's image carries (and nothing of ours: no io.facecraft.* label). */
export const DOUBLE_LABEL = 'facecraft.test=upstream-double';

function packageDir(name: string): string {
  const require = createRequire(path.join(import.meta.dirname, '..', '..', 'package.json'));
  return path.dirname(require.resolve(`${name}/package.json`));
}

export function upstreamDoubleTag(): string {
  const hash = createHash('sha256');
  for (const name of SOURCES) hash.update(readFileSync(path.join(SOURCE_DIR, name)));
  return `facecraft-upstream-double:${hash.digest('hex').slice(0, 12)}`;
}

let building: Promise<string> | null = null;

/** The double's image tag, built when missing. Once per process. */
export function ensureUpstreamDouble(): Promise<string> {
  building ??= (async () => {
    const tag = upstreamDoubleTag();
    const present = await dockerCli(['image', 'inspect', tag]).then(
      () => true,
      () => false,
    );
    if (present) return tag;
    const context = mkdtempSync(path.join(tmpdir(), 'fc-upstream-double-'));
    try {
      for (const name of SOURCES) cpSync(path.join(SOURCE_DIR, name), path.join(context, name));
      for (const name of RUNTIME_PACKAGES)
        cpSync(packageDir(name), path.join(context, 'node_modules', name), { recursive: true });
      await dockerCli(['build', '-q', '-t', tag, context]);
      return tag;
    } finally {
      rmSync(context, { recursive: true, force: true });
    }
  })();
  building.catch(() => {
    building = null;
  });
  return building;
}
