/**
 * Everything a user (or a broken client) might throw at the engine that is not a usable photo. Each
 * must get a clear answer — a 4xx with a sentence in `detail`, or 200 with `error` set — never a 500,
 * a hang or a crash; and the engine must still be ready and working afterwards.
 * The inputs are generated here with sharp, not committed as binaries.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureEngineImage,
  type RunningEngine,
  startEngineContainer,
  TEST_LABELS,
} from './support/engine.ts';
import { FIXTURES, type FormFile, form, getJson, type JsonResponse, postForm } from './support/http.ts';

interface Answer {
  detail?: unknown;
  code?: string;
  success?: boolean;
  error?: string | null;
  error_message?: string | null;
}

const MAX_UPLOAD_MB = 2;
const BATCH_MAX = 3;
let engine: RunningEngine;
let portrait: Buffer;

beforeAll(async () => {
  const image = await ensureEngineImage();
  // No API key here: the open mode (FACECRAFT_API_KEY unset) is exercised too.
  engine = await startEngineContainer({
    image,
    labels: TEST_LABELS,
    apiKey: null,
    env: {
      FACECRAFT_MAX_UPLOAD_SIZE_MB: String(MAX_UPLOAD_MB),
      FACECRAFT_BATCH_MAX_FILES: String(BATCH_MAX),
    },
  });
  portrait = await readFile(path.join(FIXTURES, 'frontal-woman-astronaut-orange-suit.png'));
});

afterAll(async () => {
  await engine?.stop();
});

function file(filename: string, data: Buffer | Uint8Array, field = 'file'): FormFile {
  return { field, filename, data };
}

async function process(
  files: FormFile[],
  fields: Array<[string, string]> = [],
): Promise<JsonResponse<Answer>> {
  return postForm<Answer>(`${engine.url}/api/v1/process`, form(files, fields));
}

/** A 4xx with a sentence, or 200 with success false and an error code plus message. */
function expectClearRefusal(answer: JsonResponse<Answer>): void {
  if (answer.status === 200) {
    expect(answer.body.success).toBe(false);
    expect(answer.body.error).toEqual(expect.any(String));
    expect(String(answer.body.error_message).length).toBeGreaterThan(10);
    return;
  }
  expect(answer.status, JSON.stringify(answer.body)).toBeGreaterThanOrEqual(400);
  expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(500);
  expect(answer.body.detail).toEqual(expect.any(String));
  expect(String(answer.body.detail).length).toBeGreaterThan(10);
}

function expect400(answer: JsonResponse<Answer>, detail: RegExp): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(400);
  expect(String(answer.body.detail)).toMatch(detail);
}

describe('bad uploads get a clear answer', () => {
  it('an empty form (no file at all)', async () => {
    expect400(await postForm<Answer>(`${engine.url}/api/v1/process`, new FormData()), /file/);
  });

  it('a request that is not multipart', async () => {
    const response = await fetch(`${engine.url}/api/v1/process`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"file":"x"}',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Answer).detail).toMatch(/multipart/);
  });

  it('a 0-byte file', async () => {
    expect400(await process([file('empty.jpg', Buffer.alloc(0))]), /empty/);
  });

  it('a truncated JPEG', async () => {
    const jpeg = await sharp(portrait).jpeg().toBuffer();
    expectClearRefusal(await process([file('truncated.jpg', jpeg.subarray(0, Math.floor(jpeg.length / 3)))]));
  });

  it('a text file renamed .jpg', async () => {
    expectClearRefusal(
      await process([file('notes.jpg', Buffer.from('This is not a photo, just some words.\n'.repeat(50)))]),
    );
  });

  it('a wrong suffix, naming the formats that are allowed', async () => {
    const answer = await process([file('portrait.tiff', await sharp(portrait).tiff().toBuffer())]);
    expect400(answer, /\.jpg.*\.jpeg.*\.png.*\.bmp.*\.webp/);
    expect(answer.body.code).toBe('unsupported_format');
  });

  it('an animated GIF', async () => {
    const frame = await sharp(portrait).resize(128).png().toBuffer();
    const gif = await sharp([frame, frame], { join: { animated: true } })
      .gif({ loop: 0 })
      .toBuffer();
    expect400(await process([file('animated.gif', gif)]), /format/);
  });

  it('an animated WebP', async () => {
    // Two different frames: libwebp merges identical ones into a single still frame.
    const frame = await sharp(portrait).resize(256).png().toBuffer();
    const other = await sharp(portrait).resize(256).negate().png().toBuffer();
    const webp = await sharp([frame, other], { join: { animated: true } })
      .webp({ loop: 0, delay: [100, 100] })
      .toBuffer();
    expect((await sharp(webp).metadata()).pages).toBe(2);
    expectClearRefusal(await process([file('animated.webp', webp)]));
  });

  it('a 1x1 pixel image', async () => {
    const dot = await sharp({ create: { width: 1, height: 1, channels: 3, background: 'white' } })
      .png()
      .toBuffer();
    expectClearRefusal(await process([file('dot.png', dot)]));
  });

  it('huge dimensions (a 60000 px wide strip)', async () => {
    const strip = await sharp({ create: { width: 60_000, height: 20, channels: 3, background: 'grey' } })
      .png()
      .toBuffer();
    expectClearRefusal(await process([file('strip.png', strip)]));
  });

  it('a decompression bomb (144 megapixels in a few hundred KB)', async () => {
    const bomb = await sharp({ create: { width: 12_000, height: 12_000, channels: 3, background: 'black' } })
      .toColourspace('b-w')
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(bomb.length).toBeLessThan(MAX_UPLOAD_MB * 1024 * 1024);
    expectClearRefusal(await process([file('bomb.png', bomb)]));
  });

  it('an upload over FACECRAFT_MAX_UPLOAD_SIZE_MB gets 413 with the limit in the sentence', async () => {
    const big = Buffer.concat([
      await sharp(portrait).jpeg().toBuffer(),
      Buffer.alloc(MAX_UPLOAD_MB * 1024 * 1024),
    ]);
    const answer = await process([file('big.jpg', big)]);
    expect(answer.status).toBe(413);
    expect(String(answer.body.detail)).toContain(`${MAX_UPLOAD_MB} MB`);
  });

  it('out-of-range and non-numeric options name the field', async () => {
    const photo = file('p.png', portrait);
    expect400(await process([photo], [['face_margin', '2']]), /face_margin/);
    expect400(await process([photo], [['width', '0']]), /width/);
    expect400(await process([photo], [['background_r', '300']]), /background_r/);
    expect400(await process([photo], [['enhance_fidelity', '-1']]), /enhance_fidelity/);
    expect400(await process([photo], [['height', 'tall']]), /height/);
    expect400(await process([photo], [['use_oval_mask', 'maybe']]), /use_oval_mask/);
  });

  it('duplicate fields and duplicate files are refused, not guessed', async () => {
    expect400(
      await process(
        [file('p.png', portrait)],
        [
          ['width', '300'],
          ['width', '400'],
        ],
      ),
      /width.*2 times/,
    );
    expect400(await process([file('a.png', portrait), file('b.png', portrait)]), /file|files/);
  });

  it('a batch over FACECRAFT_BATCH_MAX_FILES', async () => {
    const files = Array.from({ length: BATCH_MAX + 1 }, (_, i) => file(`p${i}.png`, portrait, 'files'));
    const answer = await postForm<Answer>(`${engine.url}/api/v1/process/batch`, form(files));
    expect400(answer, new RegExp(`${BATCH_MAX}`));
  });

  it('a download of an unknown job or format', async () => {
    expect((await fetch(`${engine.url}/api/v1/download/00000000/png`)).status).toBe(404);
    expect((await fetch(`${engine.url}/api/v1/download/..%2F..%2Fetc/png`)).status).toBe(404);
    expect((await fetch(`${engine.url}/api/v1/download/00000000/gif`)).status).toBe(400);
  });
});

describe('unusual but valid photos are converted, not refused', () => {
  it('a CMYK JPEG', async () => {
    const cmyk = await sharp(portrait).toColourspace('cmyk').jpeg().toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const answer = await process([file('cmyk.jpg', cmyk)]);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.success).toBe(true);
  });

  it('a 16-bit PNG', async () => {
    const deep = await sharp(portrait).toColourspace('rgb16').png().toBuffer();
    expect((await sharp(deep).metadata()).depth).toBe('ushort');
    const answer = await process([file('deep.png', deep)]);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.success).toBe(true);
  });
});

describe('after all of that', () => {
  it('the engine is still ready and still makes portraits', async () => {
    expect((await getJson(`${engine.url}/ready`)).body).toEqual({ ready: true, models_loaded: true });
    const answer = await process([file('portrait.png', portrait)]);
    expect(answer.status).toBe(200);
    expect(answer.body.success).toBe(true);
    const logs = await engine.logs();
    expect(logs).not.toMatch(/"level":"(error|fatal)"/);
  });
});
