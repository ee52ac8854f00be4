/** The Docker-side services as the app wires them, on a machine where Docker does not answer. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FacecraftError } from '../../../../../contract/errors.ts';
import { createDockerServices } from '../../../../../electron/services/docker/dockerServices.ts';
import { defaultSettings } from '../../../../../electron/services/settings/defaultSettings.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fc-docker-services-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('dockerServices', () => {
  it('says Docker is not running (with what to do) and refuses to start an engine with that sentence', async () => {
    const socket = path.join(dir, 'docker.sock');
    const services = createDockerServices({
      contextDir: path.join(dir, 'docker'),
      settings: () => defaultSettings(),
      connection: {
        environment: { env: { DOCKER_HOST: `unix://${socket}`, PATH: '' }, homeDir: dir, platform: 'linux' },
      },
    });
    try {
      const state = await services.docker.check();
      expect(state.state).toBe('not-running');
      expect(state.message).toMatch(/Docker is not running/);
      expect(state.endpoint).toBe(`unix://${socket}`);
      const error = await services.engine.start('cpu').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FacecraftError);
      expect((error as FacecraftError).code).toBe('docker-not-running');
      expect(services.engine.state.status).not.toBe('ready');
    } finally {
      await services.dispose({ keepRunning: false });
    }
  });
});
