/**
 * Packs a build context folder as a tar stream honouring its .dockerignore, like `docker build` does.
 * (dockerode's `{context, src}` form needs every file listed up front; a filtered tar-fs pack does not.)
 */
import type nodeFs from 'node:fs';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import dockerignore, { type Ignore } from '@balena/dockerignore';
import { type PackOptions, pack } from 'tar-fs';

// The package is CommonJS (`module.exports = factory`) while its types declare an ES default export:
// Node hands us the factory itself, TypeScript expects `.default`. Accept both.
const ignore = ((dockerignore as unknown as { default?: () => Ignore }).default ??
  (dockerignore as unknown as () => Ignore)) as () => Ignore;

export function readDockerignore(contextDir: string): string[] {
  const file = path.join(contextDir, '.dockerignore');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

/** Answers whether a context-relative path (forward slashes) is sent to the daemon. */
export function contextFilter(contextDir: string, dockerfile: string): (relativePath: string) => boolean {
  const rules = ignore().add(readDockerignore(contextDir));
  // Docker always sends the Dockerfile and .dockerignore, even when a pattern matches them.
  const always = new Set([dockerfile.split(path.sep).join('/'), '.dockerignore']);
  return (relativePath) => always.has(relativePath) || !rules.ignores(relativePath);
}

/** Where the context is packed: tests simulate Windows with its platform name and a stat that reports 0o666. */
export interface PackHost {
  platform?: NodeJS.Platform;
  fs?: typeof nodeFs;
}

/** A script starts with '#!'; Windows has no execute bit, so that is how a Windows checkout marks one. */
function isScript(file: string): boolean {
  const head = Buffer.alloc(2);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    return readSync(fd, head, 0, 2, 0) === 2 && head.toString('latin1') === '#!';
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Windows reports 0o666 for every file and folder (no execute bit), and the engine runs as uid 1000: a
 * folder without x cannot be entered (`/app/src`). So on Windows, as `docker build` there does, modes are
 * normalised: 0o755 for folders and scripts, 0o644 for other files.
 */
export function windowsMode(type: string | undefined, absolutePath: string): number {
  if (type === 'directory') return 0o755;
  if (type === 'symlink') return 0o777;
  if (type === 'file' && isScript(absolutePath)) return 0o755;
  return 0o644;
}

export function packBuildContext(
  contextDir: string,
  dockerfile = 'Dockerfile',
  host: PackHost = {},
): NodeJS.ReadableStream {
  const root = path.resolve(contextDir);
  const keep = contextFilter(root, dockerfile);
  const onWindows = (host.platform ?? process.platform) === 'win32';
  // tar-fs reads `fs` (its stat and streams) although its types omit it.
  const options: PackOptions & { umask: number; fs?: typeof nodeFs } = {
    // The classic builder's cache key hashes every tar header (name, mode, owner, …), so the tar matches the
    // CLI's field for field; then a layer cache built with `docker build` is reused. Modes as on disk:
    umask: 0,
    ...(host.fs ? { fs: host.fs } : {}),
    // the folder's own entries, no '.' entry (tar-fs does not run `ignore` on these, so they are filtered first);
    entries: readdirSync(root).filter((name) => keep(name)),
    ignore: (name) => {
      const relative = path.relative(root, name).split(path.sep).join('/');
      return relative !== '' && !keep(relative);
    },
    // folder names ending in '/' (with 'sub' instead of 'sub/' every COPY of a folder missed the cache here);
    // owner root, so the image does not depend on who checked out the code.
    // On Windows the modes are normalised (see windowsMode).
    map: (header) => ({
      ...header,
      name: header.type === 'directory' && !header.name.endsWith('/') ? `${header.name}/` : header.name,
      ...(onWindows ? { mode: windowsMode(header.type, path.join(root, header.name)) } : {}),
      uid: 0,
      gid: 0,
    }),
  };
  return pack(root, options) as unknown as NodeJS.ReadableStream;
}
