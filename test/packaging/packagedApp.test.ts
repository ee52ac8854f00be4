/**
 * Packages the app here with the project's own electron-builder.yml, exactly as a release does, except
 * for Electron itself: this machine cannot download it, so a stand-in distribution (a folder holding an
 * `electron` file) takes its place. Then checks what an installed app would contain: the asar (main,
 * preload, renderer, production dependencies, nothing from tests) and resources/docker (the engine's build
 * context with its lockfile, no node_modules or models). Flipping fuses needs the real binary: that test
 * is skipped with its reason, and CI's package.yml reads the fuses back from the real one.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import asar from '@electron/asar';
import { getCurrentFuseWire } from '@electron/fuses';
import { build, Platform } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFilter } from '../../electron/services/docker/buildContext.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  main: string;
  desktopName: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const electronVersion = (
  JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

let work: string;
let appDir: string;
let asarPath: string;
let entries: string[];
let extracted: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'fc-packaging-'));
  // What `npm run dist` packages: the fresh production build.
  execFileSync('npm', ['run', '-s', 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });

  const standIn = path.join(work, 'electron-dist');
  mkdirSync(standIn);
  writeFileSync(
    path.join(standIn, 'electron'),
    '#!/bin/sh\necho "stand-in for Electron: packaging checks only, it cannot run the app" >&2\nexit 1\n',
  );
  chmodSync(path.join(standIn, 'electron'), 0o755);

  await build({
    projectDir: ROOT,
    targets: Platform.LINUX.createTarget('dir'),
    publish: 'never',
    config: {
      extends: path.join(ROOT, 'electron-builder.yml'),
      electronDist: standIn,
      electronVersion,
      // The one step that needs the real binary (see the skipped fuse test below).
      electronFuses: null,
      directories: { output: path.join(work, 'release'), buildResources: path.join(ROOT, 'resources') },
    },
  });
  appDir = path.join(work, 'release', 'linux-unpacked');
  asarPath = path.join(appDir, 'resources', 'app.asar');
  entries = asar.listPackage(asarPath, { isPack: false }).map((entry) => entry.split(path.sep).join('/'));
  extracted = path.join(work, 'extracted');
  asar.extractAll(asarPath, extracted);
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packaged app (Linux dir target, stand-in Electron)', () => {
  it('is started by an executable named without spaces, next to app.asar', () => {
    expect(existsSync(path.join(appDir, 'facecraft-desktop'))).toBe(true);
    expect(existsSync(asarPath)).toBe(true);
    // The window icon main.ts passes to BrowserWindow (Linux title bar and task switcher).
    expect(existsSync(path.join(appDir, 'resources', 'icon.png'))).toBe(true);
    // Only sharp (result thumbnails) is unpacked beside the asar: its libvips cannot load from inside one.
    const unpacked = path.join(appDir, 'resources', 'app.asar.unpacked');
    const unpackedFiles = existsSync(unpacked)
      ? readdirSync(unpacked, { recursive: true, withFileTypes: true })
          .filter((entry) => entry.isFile())
          .map((entry) =>
            path.relative(unpacked, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
          )
      : [];
    expect(unpackedFiles.some((file) => file.endsWith('.node'))).toBe(true);
    expect(unpackedFiles.filter((file) => !/^node_modules\/(sharp|@img)\//.test(file))).toEqual([]);
  });

  it('holds main, preload and the renderer with its worker, and the entry package.json points at main', () => {
    const shipped = JSON.parse(readFileSync(path.join(extracted, 'package.json'), 'utf8')) as typeof pkg;
    expect(shipped.main).toBe(pkg.main);
    expect(shipped.desktopName).toBe('facecraft-desktop.desktop');
    for (const file of [
      `/${pkg.main}`,
      '/out/preload/preload.cjs',
      '/out/renderer/index.html',
      '/out/cli/facecraft.js',
    ])
      expect(entries).toContain(file);
    expect(entries.some((e) => /^\/out\/renderer\/assets\/thumbnailWorker-[\w-]+\.js$/.test(e))).toBe(true);
    expect(entries.some((e) => /^\/out\/renderer\/assets\/index-[\w-]+\.js$/.test(e))).toBe(true);
  });

  it('carries every production dependency, complete enough to run the CLI from the asar', () => {
    for (const name of Object.keys(pkg.dependencies))
      expect(entries).toContain(`/node_modules/${name}/package.json`);
    // The CLI bundle imports dockerode, tar-fs and @balena/dockerignore at load: a missing transitive
    // dependency fails here the way it would fail in the installed app.
    const cli = spawnSync(process.execPath, [path.join(extracted, 'out', 'cli', 'facecraft.js'), '--help'], {
      encoding: 'utf8',
    });
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toMatch(/Usage: facecraft <command>/);
    expect(cli.status).toBe(0);
  });

  it('contains nothing from tests or development: no devDependencies, test files, sources or source maps', () => {
    for (const name of Object.keys(pkg.devDependencies))
      expect(entries).not.toContain(`/node_modules/${name}`);
    const strays = entries.filter(
      (e) =>
        /\.(test|spec)\.[cm]?[jt]sx?$/.test(e) ||
        /\.map$/.test(e) ||
        /^\/(test|renderer|electron|contract|docker|resources|src)(\/|$)/.test(e) ||
        /^\/out\/.*\.tsx?$/.test(e),
    );
    expect(strays).toEqual([]);
  });

  it('ships the engine build context in resources/docker: sources and lockfile, LF endings, no node_modules or models', () => {
    const docker = path.join(appDir, 'resources', 'docker');
    const shipped = new Set(
      readdirSync(docker, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) =>
          path.relative(docker, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
        ),
    );
    for (const file of [
      'Dockerfile.cpu',
      'Dockerfile.gpu',
      '.dockerignore',
      'package.json',
      'package-lock.json',
      'MODELS.md',
    ])
      expect(shipped).toContain(file);
    expect(
      [...shipped].filter(
        (f) =>
          /(^|\/)node_modules\//.test(f) ||
          /^(models|test|bench|native\/build)\//.test(f) ||
          /\.(onnx|dat|node)$/.test(f),
      ),
    ).toEqual([]);
    // Every tracked file `docker build` would send from the checkout is there, so "Build locally" from an
    // installed app builds the same image.
    const keep = contextFilter(path.join(ROOT, 'docker'), 'Dockerfile.cpu');
    const tracked = execFileSync('git', ['ls-files', 'docker'], { cwd: ROOT, encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((file) => file.slice('docker/'.length))
      .filter((file) => keep(file) && !file.startsWith('test/') && !file.startsWith('bench/'));
    expect(tracked.filter((file) => !shipped.has(file))).toEqual([]);
    // Shell lines in Dockerfiles and scripts break with CRLF (.gitattributes keeps docker/ LF everywhere).
    const crlf = [...shipped].filter((file) => readFileSync(path.join(docker, file)).includes('\r\n'));
    expect(crlf).toEqual([]);
  });

  it('has its Electron fuses flipped (needs the real Electron binary)', async (context) => {
    const binary = path.join(appDir, 'facecraft-desktop');
    let reason: string;
    try {
      await getCurrentFuseWire(binary);
      reason = '';
    } catch (error) {
      reason = String(error);
    }
    // The stand-in has no fuse sentinel: flipping or reading fuses cannot run here. Say so; never fake it.
    expect(reason).toMatch(/sentinel/);
    console.warn(
      `Skipped: Electron fuses cannot be flipped or read on the stand-in binary (${reason}). ` +
        'electron-builder.yml sets them; .github/workflows/package.yml reads them back from the real packaged binary.',
    );
    context.skip();
  });
});
