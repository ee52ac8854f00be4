/**
 * The launcher speaking to the published image, as the behaviour double reproduces it
 * (test/support/upstreamDouble, here as a plain process: these behaviours need no container).
 * Each test fails if the launcher stops handling one item of ../shared/upstream-image.md.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ENGINE_CHOICE_DESCRIPTIONS } from '../../../../../contract/engineChoices.ts';
import { DEFAULT_PROCESS_OPTIONS, type ProcessOptions } from '../../../../../contract/processOptions.ts';
import { EngineClient } from '../../../../../electron/services/engineClient/engineClient.ts';
import { probeEngineKind } from '../../../../../electron/services/engineKind/detectEngineKind.ts';
import { PUBLISHED_ENGINE_PROFILE } from '../../../../../electron/services/engineKind/engineKind.ts';
import { unavailableOptions } from '../../../../../electron/services/engineKind/optionAvailability.ts';
import { probeUrlEngine } from '../../../../../electron/services/engines/probeUrlEngine.ts';
import { JobQueue } from '../../../../../electron/services/jobQueue/jobQueue.ts';
import type { QueueEngine } from '../../../../../electron/services/jobQueue/queueEngine.ts';
import { fixturePath, REPO_ROOT } from '../../../../support/fixtures.ts';
import { type HostDouble, startHostDouble } from '../../../../support/upstreamDouble.ts';

// The double renders with sharp in a child process per photo: seconds on a busy 2-core machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const PHOTO = fixturePath('frontal-woman-astronaut-orange-suit.png');
const RED = { r: 255, g: 0, b: 0 };

let double: HostDouble;
let outDir: string;
/** Results to look at. */
const LOOK_DIR = path.join(REPO_ROOT, 'test-output', 'published-double');

beforeAll(async () => {
  double = await startHostDouble({ DOUBLE_PROCESS_MS: '300' });
  outDir = await mkdtemp(path.join(tmpdir(), 'fc-published-'));
  await mkdir(LOOK_DIR, { recursive: true });
});

afterAll(async () => {
  await double?.stop();
  await rm(outDir, { recursive: true, force: true });
});

function client(): EngineClient {
  return new EngineClient({ url: double.url, apiKey: 'ignored-by-it', kind: 'published' });
}

function options(overrides: Partial<ProcessOptions>): ProcessOptions {
  return { ...structuredClone(DEFAULT_PROCESS_OPTIONS), ...overrides };
}

async function pixel(
  image: Uint8Array,
  x: number,
  y: number,
): Promise<{ r: number; g: number; b: number; a: number }> {
  const { data, info } = await sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * 4;
  return { r: data[i]!, g: data[i + 1]!, b: data[i + 2]!, a: data[i + 3]! };
}

function near(
  actual: { r: number; g: number; b: number },
  wanted: { r: number; g: number; b: number },
): boolean {
  return (
    Math.abs(actual.r - wanted.r) < 24 &&
    Math.abs(actual.g - wanted.g) < 24 &&
    Math.abs(actual.b - wanted.b) < 24
  );
}

describe('published image (double): results in the colour chosen', () => {
  it('double: oval off and a red background give a red JPG and a PNG made from it, marked as filled', async () => {
    const photo = await client().processPhoto(
      { bytes: new Uint8Array(await readFile(PHOTO)), name: 'astronaut.png' },
      options({ ovalMask: false, background: RED }),
    );
    await writeFile(path.join(LOOK_DIR, 'oval-off-red.jpg'), photo.jpg);
    await writeFile(path.join(LOOK_DIR, 'oval-off-red.png'), photo.png);
    expect(photo.pngBackground).toBe('filled');
    // Its face_count is always 1: the launcher does not pass that on as a count.
    expect(photo.faceCountKnown).toBe(false);
    expect(near(await pixel(photo.jpg, 2, 300), RED)).toBe(true);
    const png = await pixel(photo.png, 2, 300);
    expect(near(png, RED)).toBe(true);
    expect(png.a).toBe(255);
    expect((await sharp(photo.png).metadata()).format).toBe('png');
  });

  it('double: oval on gives a transparent PNG corner and a red JPG corner', async () => {
    const photo = await client().processPhoto(
      { bytes: new Uint8Array(await readFile(PHOTO)), name: 'astronaut.png' },
      options({ ovalMask: true, background: RED }),
    );
    await writeFile(path.join(LOOK_DIR, 'oval-on-red.png'), photo.png);
    expect(photo.pngBackground).toBe('transparent');
    expect((await pixel(photo.png, 2, 2)).a).toBe(0);
    expect(near(await pixel(photo.jpg, 2, 2), RED)).toBe(true);
  });

  it('double: a colour sent unswapped would come back blue (the double really swaps)', async () => {
    const raw = new EngineClient({ url: double.url, apiKey: null, kind: 'facecraft-desktop' });
    // Our engine's profile writes red as red; the published image then fills blue.
    const answer = await raw.process(
      { bytes: new Uint8Array(await readFile(PHOTO)), name: 'astronaut.png' },
      options({ ovalMask: false, background: RED }),
    );
    const jpg = await raw.download(answer.jpg_url ?? '');
    expect(near(await pixel(jpg, 2, 300), { r: 0, g: 0, b: 255 })).toBe(true);
    expect(answer.png_url).toBeNull();
  });
});

describe('published image (double): what the user reads', () => {
  it('double: a damaged photo fails with our sentence, never the raw OpenCV text or a container path', async () => {
    const bytes = new Uint8Array(await readFile(fixturePath('elderly-man-wrinkled-face.jpg'))).slice(0, 2000);
    const failure = await client()
      .processPhoto({ bytes, name: 'damaged.jpg' }, options({}))
      .then(
        () => new Error('no failure'),
        (error: unknown) => error as Error,
      );
    expect(failure).toBeInstanceOf(Error);
    expect(failure.message).toMatch(/could not read this photo/);
    expect(failure.message).not.toMatch(/OpenCV|\/app\/|\/io\/|Assertion/);
    // The engine's own text is kept, for the log.
    expect(String((failure.cause as Error | undefined)?.message)).toMatch(/OpenCV/);
  });

  it('double: a size it cannot make fails with a sentence about the size (it answers 200 success:false)', async () => {
    const failure = await client()
      .processPhoto({ bytes: new Uint8Array(await readFile(PHOTO)), name: 'a.png' }, options({ width: 0 }))
      .then(
        () => new Error('no failure'),
        (error: unknown) => error as Error,
      );
    expect(failure.message).toMatch(/size/);
    expect(failure.message).not.toMatch(/dsize|OpenCV/);
  });

  it('double: the engine is recognised as the published kind from what it answers', async () => {
    expect(await probeEngineKind(double.url, null)).toBe('published');
  });

  it('double: face enhancement is shown unavailable with the reason read from /status.models', async () => {
    const status = await (await fetch(`${double.url}/status`)).json();
    const unavailable = unavailableOptions(PUBLISHED_ENGINE_PROFILE, status);
    expect(unavailable.enhance_face).toMatch(/no face enhancer loaded/);
    expect(unavailable.enhance_fidelity).toBeDefined();
    expect(unavailable.width).toBeUndefined();
  });
});

describe('published image (double): what the launcher cannot rely on', () => {
  it('double: tested as an engine URL, it says what it cannot honour: face enhancement and our touch-up', async () => {
    const report = await probeUrlEngine(double.url, null);
    expect(report.kind).toBe('published');
    expect(report.unavailableOptions.touch_up).toBe(
      'Not available with the published Facecraft image: it ignores this option.',
    );
    expect(report.unavailableOptions.enhance_face).toBe(
      'Face enhancement is not available: the published Facecraft image has no face enhancer loaded.',
    );
    // The contract's own fields it does honour.
    expect(report.unavailableOptions.background_r).toBeUndefined();
  });

  it('double: it ignores the API key, so the launcher closes its CORS by environment and the choice says "no API key"', async () => {
    // A wrong key is served: the key protects nothing on this image.
    const wrongKey = await fetch(`${double.url}/status`, { headers: { 'X-API-Key': 'wrong' } });
    expect(wrongKey.status).toBe(200);
    const foreign = { origin: 'https://evil.example' };
    // As the image comes (CORS * with credentials), any web page may read its answers…
    const open = await fetch(`${double.url}/status`, { headers: foreign });
    expect(open.headers.get('access-control-allow-origin')).toBe('https://evil.example');
    // …and under the launcher's environment for it, none may.
    const launched = await startHostDouble({
      DOUBLE_PROCESS_MS: '300',
      FACECRAFT_CORS_ORIGINS: PUBLISHED_ENGINE_PROFILE.environment().FACECRAFT_CORS_ORIGINS ?? '',
    });
    try {
      const closed = await fetch(`${launched.url}/status`, { headers: foreign });
      expect(closed.status).toBe(200);
      expect(closed.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await launched.stop();
    }
    expect(ENGINE_CHOICE_DESCRIPTIONS.published).toMatch(/no API key/);
  });

  it('double: each job is deleted once its files are fetched (the image cleans up only at start-up)', async () => {
    const photo = await client().processPhoto(
      { bytes: new Uint8Array(await readFile(PHOTO)), name: 'astronaut.png' },
      options({ ovalMask: true }),
    );
    expect(photo.png.byteLength).toBeGreaterThan(0);
    // Its results are gone from the engine: a download of them now answers 404 "Job not found".
    const gone = await fetch(`${double.url}/api/v1/download/${photo.jobId}/jpg`);
    expect(gone.status).toBe(404);
    // And fetching a result that is gone fails with a FacecraftError, not a crash on a missing file.
    const failure = await client()
      .download(`/api/v1/download/${photo.jobId}/jpg`)
      .then(
        () => null,
        (error: unknown) => error as Error & { code?: string },
      );
    expect(failure?.code).toBe('engine-rejected');
  });
});

describe('published image (double): one photo in flight', () => {
  it('double: a folder goes through one photo at a time, and every photo ends done', async () => {
    const photos = [
      'frontal-woman-astronaut-orange-suit.png',
      'elderly-man-wrinkled-face.jpg',
      'grayscale-smiling-young-man.jpg',
    ];
    const engine: QueueEngine = {
      acquire: async () => ({
        connection: { url: double.url, apiKey: null, kind: 'published' },
        deviceType: 'cpu',
      }),
      recover: async (lost) => lost,
      photosInFlight: () => PUBLISHED_ENGINE_PROFILE.photosInFlight,
    };
    const queue = await JobQueue.open({
      dataDir: outDir,
      engine,
      defaultOptions: () => options({ ovalMask: false, background: RED }),
      concurrency: 3,
    });
    let most = 0;
    const off = queue.onSnapshot((s) => {
      const busy = s.items.filter((i) => i.state === 'uploading' || i.state === 'processing').length;
      most = Math.max(most, busy);
    });
    try {
      await queue.add(photos.map(fixturePath));
      const final = await queue.idle();
      expect(final.counts.done).toBe(photos.length);
      expect(most).toBe(1);
    } finally {
      off();
      await queue.dispose();
    }
  });
});
