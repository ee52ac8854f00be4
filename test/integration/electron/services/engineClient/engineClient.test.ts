/** The engine client against the real engine image: every option, both formats, the error sentences. */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROCESS_OPTIONS, type ProcessOptions } from '../../../../../contract/domain.ts';
import { FacecraftError } from '../../../../../contract/errors.ts';
import { EngineClient } from '../../../../../electron/services/engineClient/engineClient.ts';
import {
  ensureEngineImage,
  type RunningEngine,
  startEngineContainer,
} from '../../../../support/engineImage.ts';
import { FIXTURES_DIR as FIXTURES } from '../../../../support/fixtures.ts';
import { isJpeg, pngSize } from '../../../support/pngSize.ts';

const photo = async (name: string) => ({ bytes: await readFile(path.join(FIXTURES, name)), name });

/** A port that was free a moment ago: nothing listens there. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let engine: RunningEngine;
let client: EngineClient;

beforeAll(async () => {
  const image = await ensureEngineImage();
  engine = await startEngineContainer({ image, labels: { 'facecraft.test': 'launcher-app-engine-client' } });
  client = new EngineClient({ url: engine.url, apiKey: engine.apiKey });
});
afterAll(async () => {
  await engine?.stop();
});

describe('engine client (real engine)', { timeout: 600_000 }, () => {
  it('reports the engine ready and what it runs on', async () => {
    expect((await client.ready()).ready).toBe(true);
    const status = await client.status();
    expect(status.status).toBe('operational');
    expect(status.device.type).toBe('cpu');
  });

  it('turns a portrait into a PNG of exactly the asked size and a JPG, with every option set', async () => {
    // Every option the app had when this was written, off its default (options added later keep theirs).
    const options: ProcessOptions = {
      ...DEFAULT_PROCESS_OPTIONS,
      width: 413,
      height: 531,
      background: { r: 16, g: 32, b: 48 },
      faceMargin: 0.2,
      ovalMask: false,
      enhance: false,
      enhanceFidelity: 0.5,
      targetHeadRatio: 0,
      targetEyeLine: 0,
      dpi: 0,
      touchUp: false,
    };
    const stages: string[] = [];
    const result = await client.processPhoto(
      await photo('frontal-woman-astronaut-orange-suit.png'),
      options,
      {
        onUploaded: () => stages.push('uploaded'),
      },
    );
    expect(stages).toEqual(['uploaded']);
    expect(pngSize(result.png)).toEqual({ width: 413, height: 531 });
    expect(isJpeg(result.jpg)).toBe(true);
    expect(result.jpg.length).toBeLessThanOrEqual(99 * 1024);
    expect(result.outputSize).toEqual({ width: 413, height: 531 });
    expect(result.faceCount).toBeGreaterThanOrEqual(1);
    expect(result.face).not.toBeNull();
  });

  it('uses the default 648 × 648 for a WebP photo with default options', async () => {
    const result = await client.processPhoto(
      await photo('webp-smiling-woman-curly-hair.webp'),
      DEFAULT_PROCESS_OPTIONS,
    );
    expect(pngSize(result.png)).toEqual({ width: 648, height: 648 });
  });

  it("says 'no-face' with a sentence for a photo without a face", async () => {
    const error = await client
      .processPhoto(await photo('no-face-landscape-palm-beach.jpg'), DEFAULT_PROCESS_OPTIONS)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FacecraftError);
    expect((error as FacecraftError).code).toBe('no-face');
    expect((error as FacecraftError).message).toMatch(/No face was found/);
  });

  it("passes the engine's own sentence on when it rejects an option", async () => {
    const error = await client
      .process(await photo('elderly-man-wrinkled-face.jpg'), { ...DEFAULT_PROCESS_OPTIONS, faceMargin: 5 })
      .catch((e: unknown) => e);
    expect((error as FacecraftError).code).toBe('engine-rejected');
    expect((error as FacecraftError).message).toMatch(/margin/i);
  });

  it('refuses to work with a wrong API key, in words', async () => {
    const stranger = new EngineClient({ url: engine.url, apiKey: 'wrong-key' });
    const error = await stranger.status().catch((e: unknown) => e);
    expect((error as FacecraftError).code).toBe('engine-key-refused');
    expect((error as FacecraftError).message).toMatch(/refused the app's key/);
  });

  it("calls an engine that is gone 'unreachable' after its bounded retries", async () => {
    const gone = new EngineClient(
      { url: `http://127.0.0.1:${await closedPort()}`, apiKey: null },
      { retries: 1, retryDelayMs: () => 10 },
    );
    const error = await gone.ready().catch((e: unknown) => e);
    expect((error as FacecraftError).code).toBe('engine-unreachable');
    expect((error as FacecraftError).message).toMatch(/stopped answering \(ECONNREFUSED\)/);
  });

  it('stops at once when the caller cancels', async () => {
    const controller = new AbortController();
    const pending = client.processPhoto(
      await photo('dark-skin-man-frontal-beard.jpg'),
      DEFAULT_PROCESS_OPTIONS,
      {
        signal: controller.signal,
      },
    );
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
  });
});
