import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { contextFilter, packBuildContext } from '../../../../../electron/services/docker/index.ts';

const dockerDir = path.resolve(import.meta.dirname, '../../../../../docker');

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
