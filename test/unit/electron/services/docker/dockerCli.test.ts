/** "Not installed" or "installed but stopped": decided by whether a docker CLI exists. */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dockerCliFound } from '../../../../../electron/services/docker/dockerCli.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fc-docker-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('dockerCli', () => {
  it('finds a docker CLI on PATH, and none in an empty folder on a platform without usual folders', async () => {
    expect(dockerCliFound({ PATH: dir }, 'aix')).toBe(false);
    await writeFile(path.join(dir, 'docker'), '#!/bin/sh\n');
    await chmod(path.join(dir, 'docker'), 0o755);
    expect(dockerCliFound({ PATH: `/nowhere:${dir}` }, 'aix')).toBe(true);
  });

  it('on Windows looks for docker.exe on Path', async () => {
    await writeFile(path.join(dir, 'docker.exe'), '');
    expect(dockerCliFound({ Path: dir }, 'win32')).toBe(true);
  });
});
