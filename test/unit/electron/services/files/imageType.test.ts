import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sniffImageType } from '../../../../../electron/services/files/imageType.ts';
import { FIXTURES_DIR as FIXTURES } from '../../../../support/fixtures.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fc-files-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('imageType', () => {
  it('sniffs the fixture JPEG, PNG and WebP by their magic bytes', async () => {
    expect(await sniffImageType(path.join(FIXTURES, 'grayscale-smiling-young-man.jpg'))).toBe('jpeg');
    expect(await sniffImageType(path.join(FIXTURES, 'png-alpha-transparent-surround-man.png'))).toBe('png');
    expect(await sniffImageType(path.join(FIXTURES, 'webp-smiling-woman-curly-hair.webp'))).toBe('webp');
    expect(await sniffImageType(path.join(FIXTURES, 'SOURCES.md'))).toBeNull();
  });
});
