/**
 * The on-the-spot test of an engine URL against our real engine container, as a URL engine someone
 * else runs: the right key gives kind, device, version and readiness; a wrong or missing key is a
 * refused key with its own sentence, not "unreachable".
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FacecraftError } from '../../../../../contract/errors.ts';
import { probeUrlEngine } from '../../../../../electron/services/engines/probeUrlEngine.ts';
import {
  ensureEngineImage,
  type RunningEngine,
  startEngineContainer,
} from '../../../../support/engineImage.ts';
import { REPO_ROOT } from '../../../../support/fixtures.ts';

let engine: RunningEngine;

beforeAll(async () => {
  engine = await startEngineContainer({
    image: await ensureEngineImage(),
    labels: { 'facecraft.test': 'url-engine-probe' },
  });
});

afterAll(async () => {
  await engine?.stop();
});

async function refusal(key: string | null): Promise<FacecraftError> {
  const error = await probeUrlEngine(engine.url, key).then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof FacecraftError)) throw new Error('the probe passed');
  return error;
}

describe('probeUrlEngine against a real engine', () => {
  it('with its key: our engine, on the CPU, its version, ready, over plain HTTP to this computer', async () => {
    const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'docker', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(await probeUrlEngine(`${engine.url}/`, engine.apiKey)).toEqual({
      url: engine.url,
      plainHttp: true,
      kind: 'facecraft',
      version,
      device: expect.objectContaining({ type: 'cpu' }),
      ready: true,
      // Ours honours every field but face enhancement: it has no face enhancer.
      unavailableOptions: {
        enhance_face:
          'Face enhancement is not available: the Facecraft Desktop engine has no face enhancer loaded.',
        enhance_fidelity:
          'Face enhancement is not available: the Facecraft Desktop engine has no face enhancer loaded.',
      },
    });
  });

  it('with a wrong key: the key was refused, said so', async () => {
    const error = await refusal('not-the-key');
    expect(error.code).toBe('engine-key-refused');
    expect(error.message).toBe(
      `The engine at ${engine.url} refused the API key (HTTP 401). Ask whoever runs it for the current key.`,
    );
  });

  it('without a key: it needs one, said so', async () => {
    const error = await refusal(null);
    expect(error.code).toBe('engine-key-refused');
    expect(error.message).toMatch(/needs an API key/);
  });
});
