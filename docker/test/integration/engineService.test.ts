/**
 * The real engine image over real HTTP, run as the desktop app runs it: read-only root filesystem,
 * all capabilities dropped, uid 1000, an API key. Every fixture portrait goes through /process,
 * /quick and /batch; outputs are checked the way a user would look at them.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureEngineImage,
  type RunningEngine,
  startEngineContainer,
  TEST_LABELS,
} from './support/engine.ts';
import { eyeLineDegrees } from './support/eyeLevel.ts';
import { fixture, form, getBytes, getJson, postForm } from './support/http.ts';

interface ProcessBody {
  success: boolean;
  job_id: string;
  processing_time_ms: number;
  result: {
    face_detected: boolean;
    face_count: number;
    face_position: { x: number; y: number; width: number; height: number } | null;
    output_size: { width: number; height: number };
    file_size_bytes: number;
  } | null;
  download_url: string | null;
  png_url: string | null;
  jpg_url: string | null;
  png_base64: string | null;
  jpg_base64: string | null;
  error: string | null;
  error_message: string | null;
}

interface BatchBody {
  job_id: string;
  total: number;
  successful: number;
  failed: number;
  processing_time_ms: number;
  results: Array<{
    filename: string;
    success: boolean;
    download_url: string | null;
    error: string | null;
    error_message: string | null;
  }>;
}

interface StatusBody {
  status: string;
  version: string;
  uptime_seconds: number;
  device: { type: string; name: string | null; cuda_version: string | null };
  models: Record<string, { loaded: boolean; type: string }>;
  statistics: { total_processed: number; success_rate: number; avg_processing_ms: number };
}

const PORTRAITS = [
  'dark-skin-man-frontal-beard.jpg',
  'east-asian-woman-three-quarter-view.jpg',
  'elderly-man-wrinkled-face.jpg',
  'exif-orientation-6-smiling-woman.jpg',
  'frontal-woman-astronaut-orange-suit.png',
  'glasses-grey-beard-side-lit-older-man.jpg',
  'grayscale-smiling-young-man.jpg',
  'group-three-people-apollo11-crew.jpg',
  'large-3458px-two-women-small-background-face.jpg',
  'png-alpha-transparent-surround-man.png',
  'tilted-12deg-woman-hand-near-chin.jpg',
  'tiny-115px-glasses-goatee-man.png',
  'webp-smiling-woman-curly-hair.webp',
];
const NO_FACE = 'no-face-landscape-palm-beach.jpg';

let engine: RunningEngine;
const processed = new Map<string, ProcessBody>();

beforeAll(async () => {
  const image = await ensureEngineImage();
  engine = await startEngineContainer({ image, labels: TEST_LABELS });
  console.log(`engine ready ${engine.startToReadyMs} ms after start (read-only rootfs, cap-drop ALL)`);
});

afterAll(async () => {
  if (engine) {
    // Figures for the closing note (not assertions: this machine's load varies wildly).
    const stats = (await engine.container.stats({ stream: false })) as {
      memory_stats?: { max_usage?: number };
    };
    const times = [...processed.values()].map((body) => body.processing_time_ms).sort((a, b) => a - b);
    console.log(
      `figures: start->ready ${engine.startToReadyMs} ms; median /process ${times[Math.floor(times.length / 2)]} ms ` +
        `over ${times.length} portraits; peak container memory ${Math.round((stats.memory_stats?.max_usage ?? 0) / 2 ** 20)} MiB`,
    );
  }
  await engine?.stop();
});

async function alphaAt(png: Buffer, x: number, y: number): Promise<number> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return data[(y * info.width + x) * info.channels + 3]!;
}

describe('health, readiness and status', () => {
  it('answers /health without a key, but /ready and /status only with the right X-API-Key', async () => {
    expect((await getJson(`${engine.url}/health`)).body).toEqual({ status: 'healthy' });
    expect((await fetch(`${engine.url}/ready`)).status).toBe(401);
    expect((await fetch(`${engine.url}/status`, { headers: { 'X-API-Key': 'wrong' } })).status).toBe(401);
    const process = await postForm(`${engine.url}/api/v1/process`, form([await fixture(PORTRAITS[0]!)]));
    expect(process.status).toBe(401);
    expect(process.body).toMatchObject({ detail: expect.stringContaining('X-API-Key') });
    expect((await getJson(`${engine.url}/ready`, engine.headers)).body).toEqual({
      ready: true,
      models_loaded: true,
    });
  });

  it('reports the device it really runs on and every model loaded in /status', async () => {
    const { status, body } = await getJson<StatusBody>(`${engine.url}/status`, engine.headers);
    expect(status).toBe(200);
    expect(body.status).toBe('operational');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(body.device).toMatchObject({ type: 'cpu', cuda_version: null });
    expect(body.models.face_detector?.loaded).toBe(true);
    expect(body.models.face_landmarks?.loaded).toBe(true);
    expect(body.models.background_remover?.loaded).toBe(true);
    // No face-restoration model is bundled, and /status says so.
    expect(body.models.face_enhancer?.loaded).toBe(false);
  });

  it('allows browser clients from CORS_ORIGINS (default *), preflight included', async () => {
    const preflight = await fetch(`${engine.url}/api/v1/process`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'x-api-key',
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-api-key');
  });

  it('serves interactive docs and an OpenAPI document listing every route', async () => {
    const docs = await fetch(`${engine.url}/docs`, { headers: engine.headers });
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
    const { body } = await getJson<{ paths: Record<string, unknown> }>(
      `${engine.url}/openapi.json`,
      engine.headers,
    );
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/health',
        '/ready',
        '/status',
        '/api/v1/process',
        '/api/v1/process/quick',
        '/api/v1/process/batch',
        '/api/v1/download/{job_id}/{format}',
        '/api/v1/download/{job_id}/{name}/{format}',
        '/api/v1/jobs/{job_id}',
      ]),
    );
  });
});

describe('POST /api/v1/process', () => {
  it.each(PORTRAITS)(
    'turns %s into a 648x648 transparent-outside portrait with level eyes and a JPG under 99 KB',
    async (name) => {
      const { status, body } = await postForm<ProcessBody>(
        `${engine.url}/api/v1/process`,
        form([await fixture(name)]),
        engine.headers,
      );
      expect(status).toBe(200);
      expect(body).toMatchObject({ success: true, error: null, download_url: null, png_base64: null });
      expect(body.job_id).toMatch(/^[a-f0-9]{8}$/);
      expect(body.result?.face_detected).toBe(true);
      expect(body.result?.face_count).toBeGreaterThanOrEqual(1);
      expect(body.result?.output_size).toEqual({ width: 648, height: 648 });
      processed.set(name, body);

      const png = await getBytes(`${engine.url}${body.png_url}`, engine.headers);
      expect(png.status).toBe(200);
      expect(png.type).toBe('image/png');
      expect(png.bytes.length).toBe(body.result?.file_size_bytes);
      const meta = await sharp(png.bytes).metadata();
      expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(['png', 648, 648, 4]);
      for (const [x, y] of [
        [0, 0],
        [647, 0],
        [0, 647],
        [647, 647],
      ] as const)
        expect(await alphaAt(png.bytes, x, y)).toBe(0);
      expect(await alphaAt(png.bytes, 324, 324)).toBe(255);

      const jpg = await getBytes(`${engine.url}${body.jpg_url}`, engine.headers);
      expect(jpg.status).toBe(200);
      expect(jpg.type).toBe('image/jpeg');
      expect(jpg.bytes.length).toBeLessThanOrEqual(99 * 1024);
      expect((await sharp(jpg.bytes).metadata()).width).toBe(648);

      const angle = await eyeLineDegrees(png.bytes);
      expect(angle, 'a face is found again in the output').not.toBeNull();
      expect(Math.abs(angle!)).toBeLessThanOrEqual(2);
    },
  );

  it('answers 200 with success false and error no_face_detected for a photo without a face', async () => {
    const { status, body } = await postForm<ProcessBody>(
      `${engine.url}/api/v1/process`,
      form([await fixture(NO_FACE)]),
      engine.headers,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ success: false, error: 'no_face_detected', png_url: null, jpg_url: null });
    expect(body.error_message).toMatch(/no face/i);
    expect(body.result?.face_detected).toBe(false);
  });

  it('finds every face of the group photo and keeps the largest', async () => {
    const body = processed.get('group-three-people-apollo11-crew.jpg');
    expect(body, 'the group photo was processed above').toBeDefined();
    expect(body!.result!.face_count).toBeGreaterThanOrEqual(2);
    expect(body!.result!.face_position).not.toBeNull();
  });

  it('honours size, background colour and return_base64, and deletes a job on request', async () => {
    const { body } = await postForm<ProcessBody>(
      `${engine.url}/api/v1/process`,
      form(
        [await fixture('frontal-woman-astronaut-orange-suit.png')],
        [
          ['width', '400'],
          ['height', '500'],
          ['background_r', '0'],
          ['background_g', '0'],
          ['background_b', '255'],
          ['return_base64', 'true'],
        ],
      ),
      engine.headers,
    );
    expect(body.success).toBe(true);
    expect(body.result?.output_size).toEqual({ width: 400, height: 500 });
    const jpg = Buffer.from(body.jpg_base64 ?? '', 'base64');
    const { data } = await sharp(jpg)
      .extract({ left: 0, top: 0, width: 1, height: 1 })
      .raw()
      .toBuffer({ resolveWithObject: true });
    // The JPG corner shows the requested blue background (JPEG is lossy: roughly).
    expect(data[2]!).toBeGreaterThan(200);
    expect(data[0]!).toBeLessThan(50);
    expect((await sharp(Buffer.from(body.png_base64 ?? '', 'base64')).metadata()).height).toBe(500);

    const del = await fetch(`${engine.url}/api/v1/jobs/${body.job_id}`, {
      method: 'DELETE',
      headers: engine.headers,
    });
    expect(del.status).toBe(200);
    expect(((await del.json()) as { message: string }).message).toContain(body.job_id);
    expect((await getBytes(`${engine.url}${body.png_url}`, engine.headers)).status).toBe(404);
  });
});

describe('POST /api/v1/process/quick', () => {
  it('answers the PNG itself at the requested size', async () => {
    const response = await fetch(`${engine.url}/api/v1/process/quick`, {
      method: 'POST',
      headers: engine.headers,
      body: form([await fixture('dark-skin-man-frontal-beard.jpg')], [['size', '300']]),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    expect([meta.width, meta.height, meta.channels]).toEqual([300, 300, 4]);
  });

  it('answers 400 with a FastAPI-style detail when there is no face', async () => {
    const { status, body } = await postForm(
      `${engine.url}/api/v1/process/quick`,
      form([await fixture(NO_FACE)]),
      engine.headers,
    );
    expect(status).toBe(400);
    expect(body).toMatchObject({ detail: expect.stringMatching(/no face/i), code: 'no_face_detected' });
  });
});

describe('POST /api/v1/process/batch', () => {
  it(
    'processes every fixture in one job, and every URL it hands out downloads',
    { timeout: 1_200_000 },
    async () => {
      const files = await Promise.all(
        [...PORTRAITS, NO_FACE].map(async (name) => ({ ...(await fixture(name)), field: 'files' })),
      );
      const { status, body } = await postForm<BatchBody>(
        `${engine.url}/api/v1/process/batch`,
        form(files),
        engine.headers,
      );
      expect(status).toBe(200);
      expect(body.total).toBe(PORTRAITS.length + 1);
      expect(body.successful).toBe(PORTRAITS.length);
      expect(body.failed).toBe(1);
      expect(body.results.map((item) => item.filename)).toEqual([...PORTRAITS, NO_FACE]);
      const noFace = body.results.find((item) => item.filename === NO_FACE);
      expect(noFace).toMatchObject({ success: false, download_url: null, error: 'no_face_detected' });

      for (const item of body.results.filter((result) => result.success)) {
        expect(item.download_url).toMatch(new RegExp(`^/api/v1/download/${body.job_id}/[^/]+/png$`));
        const png = await getBytes(`${engine.url}${item.download_url}`, engine.headers);
        expect(png.status, item.download_url ?? '').toBe(200);
        expect((await sharp(png.bytes).metadata()).width).toBe(648);
        const jpg = await getBytes(
          `${engine.url}${item.download_url!.replace(/png$/, 'jpg')}`,
          engine.headers,
        );
        expect(jpg.status).toBe(200);
        expect(jpg.bytes.length).toBeLessThanOrEqual(99 * 1024);
      }
    },
  );
});

describe('statistics', () => {
  it('counts what was processed in /status', async () => {
    const { body } = await getJson<StatusBody>(`${engine.url}/status`, engine.headers);
    expect(body.statistics.total_processed).toBeGreaterThanOrEqual(PORTRAITS.length + 2);
    expect(body.statistics.success_rate).toBeGreaterThan(0.5);
    expect(body.statistics.success_rate).toBeLessThan(1);
    expect(body.statistics.avg_processing_ms).toBeGreaterThan(0);
  });
});
