import { execFileSync } from 'node:child_process';
import fs, {
  chmodSync,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  type Stats,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contextFilter, packBuildContext } from '../../../../../electron/services/docker/buildContext.ts';

const dockerDir = path.resolve(import.meta.dirname, '../../../../../docker');

/** What Node's fs reports on Windows: no execute bit anywhere, 0o666 for files and folders alike. */
const windowsLstat = ((file: string, callback: (error: Error | null, stats?: Stats) => void) => {
  fs.lstat(file, (error, stats) => {
    if (error || !stats) return callback(error);
    stats.mode = (stats.isDirectory() ? 0o040000 : stats.isSymbolicLink() ? 0o120000 : 0o100000) | 0o666;
    callback(null, stats);
  });
}) as typeof fs.lstat;
const windowsFs = { ...fs, lstat: windowsLstat };

async function listing(
  contextDir: string,
  dockerfile: string,
  windows: boolean,
): Promise<Map<string, string>> {
  const tar = path.join(tmpdir(), `fc-ctx-${process.pid}-${Math.random().toString(16).slice(2)}.tar`);
  try {
    const host = windows ? { platform: 'win32' as const, fs: windowsFs } : {};
    await pipeline(packBuildContext(contextDir, dockerfile, host), createWriteStream(tar));
    const lines = execFileSync('tar', ['tvf', tar], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      .trim()
      .split('\n');
    return new Map(lines.map((line) => [line.split(/\s+/).pop() ?? '', line.slice(0, 10)]));
  } finally {
    rmSync(tar, { force: true });
  }
}

describe('a build context packed on Windows (simulated Windows stat)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'fc-ctx-win-'));
    mkdirSync(path.join(dir, 'src', 'api'), { recursive: true });
    writeFileSync(path.join(dir, 'src', 'api', 'server.ts'), 'export {};\n');
    mkdirSync(path.join(dir, 'scripts'));
    writeFileSync(path.join(dir, 'scripts', 'start.sh'), '#!/bin/sh\nexec node /app/src/main.js\n');
    writeFileSync(path.join(dir, 'Dockerfile.cpu'), 'FROM scratch\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('sends folders and scripts as 0755 and other files as 0644, so uid 1000 can enter /app/src', async () => {
    const modes = await listing(dir, 'Dockerfile.cpu', true);
    expect(Object.fromEntries(modes)).toEqual({
      'Dockerfile.cpu': '-rw-r--r--',
      'scripts/': 'drwxr-xr-x',
      'scripts/start.sh': '-rwxr-xr-x',
      'src/': 'drwxr-xr-x',
      'src/api/': 'drwxr-xr-x',
      'src/api/server.ts': '-rw-r--r--',
    });
  });

  it('without the normalisation Windows would send 0666 folders (what the engine could not enter)', async () => {
    // The simulated stat on a non-Windows platform name keeps modes as reported: proves the stat double bites.
    const tar = path.join(tmpdir(), `fc-ctx-raw-${process.pid}.tar`);
    try {
      await pipeline(
        packBuildContext(dir, 'Dockerfile.cpu', { platform: 'linux', fs: windowsFs }),
        createWriteStream(tar),
      );
      const raw = execFileSync('tar', ['tvf', tar], { encoding: 'utf8' });
      expect(raw).toMatch(/drw-rw-rw- 0\/0 .* src\/$/m);
    } finally {
      rmSync(tar, { force: true });
    }
  });

  it('packs the shipped docker/ context on Windows with no entry lacking read access or folder x', async () => {
    const modes = await listing(dockerDir, 'Dockerfile.cpu', true);
    expect(modes.size).toBeGreaterThan(5);
    for (const [name, mode] of modes) {
      const allowed = name.endsWith('/') ? ['drwxr-xr-x'] : ['-rw-r--r--', '-rwxr-xr-x'];
      expect([name, allowed.includes(mode)]).toEqual([name, true]);
    }
  });
});

describe('the build context honours docker/.dockerignore', () => {
  it('sends the Dockerfile and sources, never node_modules or tests', () => {
    const keep = contextFilter(dockerDir, 'Dockerfile.cpu');
    expect(keep('Dockerfile.cpu')).toBe(true);
    expect(keep('package.json')).toBe(true);
    expect(keep('MODELS.md')).toBe(true);
    expect(keep('node_modules')).toBe(false);
    expect(keep('node_modules/sharp/package.json')).toBe(false);
    expect(keep('test')).toBe(false);
    const top = readdirSync(dockerDir).filter((name) => keep(name));
    expect(top).toContain('src');
    expect(top).not.toContain('node_modules');
  });

  it('packs entries the way the docker CLI does, so a CLI-built layer cache is reused', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fc-ctx-unit-'));
    try {
      mkdirSync(path.join(dir, 'src'));
      writeFileSync(path.join(dir, 'src', 'main.ts'), 'x');
      chmodSync(path.join(dir, 'src', 'main.ts'), 0o664);
      writeFileSync(path.join(dir, 'Dockerfile.cpu'), 'FROM scratch\n');
      writeFileSync(path.join(dir, 'notes.md'), 'left out');
      writeFileSync(path.join(dir, '.dockerignore'), '*.md\nDockerfile*\n');
      const tar = path.join(dir, '..', `${path.basename(dir)}.tar`);
      await pipeline(packBuildContext(dir, 'Dockerfile.cpu'), createWriteStream(tar));
      const listing = execFileSync('tar', ['tvf', tar], { encoding: 'utf8' });
      rmSync(tar);
      const names = listing
        .trim()
        .split('\n')
        .map((line) => line.split(/\s+/).pop());
      // Folders end in '/', no '.' entry, owner root, modes as on disk (the cache key hashes all of these).
      expect(names.sort()).toEqual(['.dockerignore', 'Dockerfile.cpu', 'src/', 'src/main.ts']);
      expect(listing).toMatch(/-rw-rw-r-- 0\/0 .* src\/main\.ts/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
