import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contextFilter } from '../../../../electron/services/docker/index.ts';

const dockerDir = path.resolve(import.meta.dirname, '../../../../docker');

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
});
