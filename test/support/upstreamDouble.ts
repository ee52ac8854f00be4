/**
 * Builds the behaviour double of the published djok/facecraft image (test/support/upstreamDouble/)
 * on the local node:24-bookworm-slim base, with sharp's prebuilt binaries copied from this checkout's
 * node_modules (no network). The tag carries a hash of the double's sources, so a rebuild without
 * changes is a cache hit and two branches never fight over one tag.
 *
 *   const image = await ensureUpstreamDouble();           // e.g. facecraft-upstream-double:3f2a…
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dockerCli, freePort } from './dockerCommand.ts';
import { fixturePath } from './fixtures.ts';

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

/** A package's folder in this checkout (sharp's exports hide its package.json from require.resolve). */
function packageDir(name: string): string {
  const dir = path.join(import.meta.dirname, '..', '..', 'node_modules', name);
  if (!existsSync(path.join(dir, 'package.json'))) throw new Error(`${name} is not installed: run npm ci`);
  return dir;
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

/** The fixture without a face: the double has no detector, so it is told that photo's sha256. */
export const NO_FACE_FIXTURE = 'no-face-landscape-palm-beach.jpg';

/**
 * The double for runs over the fixture folder: it answers "no face" for NO_FACE_FIXTURE and works
 * quickly (0.3 s a photo, 2 s to load). Built FROM `double`, which must be on the daemon at
 * `dockerHost` (default the main one), and tagged `tag` there.
 */
export async function buildFixtureDouble(double: string, tag: string, dockerHost?: string): Promise<string> {
  const sha = createHash('sha256')
    .update(readFileSync(fixturePath(NO_FACE_FIXTURE)))
    .digest('hex');
  const env = { ...process.env };
  if (dockerHost) env.DOCKER_HOST = dockerHost;
  else delete env.DOCKER_HOST;
  const built = spawnSync('docker', ['build', '-q', '-t', tag, '-'], {
    input: `FROM ${double}\nENV DOUBLE_NO_FACE_SHA256=${sha} DOUBLE_PROCESS_MS=300 DOUBLE_LOAD_MS=2000\n`,
    encoding: 'utf8',
    env,
  });
  if (built.status !== 0) throw new Error(`building the fixture double failed: ${built.stderr}`);
  return tag;
}

export interface HostDouble {
  url: string;
  /** Everything it printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * The same double as a plain Node process on this machine (no Docker, no lock): for the client-side
 * behaviours (colours, PNG, error texts, busy silence). Container behaviours need ensureUpstreamDouble().
 */
export async function startHostDouble(env: Record<string, string> = {}): Promise<HostDouble> {
  const dir = mkdtempSync(path.join(tmpdir(), 'fc-host-double-'));
  mkdirSync(path.join(dir, 'uploads'));
  mkdirSync(path.join(dir, 'processed'));
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(SOURCE_DIR, 'server.mjs')], {
    env: {
      PATH: process.env.PATH ?? '',
      DOUBLE_PORT: String(port),
      DOUBLE_APP_DIR: dir,
      NUMBA_CACHE_DIR: path.join(dir, 'numba'),
      DOUBLE_LOAD_MS: '100',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    const up = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`The host double did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, output: () => output, stop };
}
