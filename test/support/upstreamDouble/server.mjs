// The behaviour double of the published djok/facecraft image: every launcher-facing behaviour of
// ../../../../shared/upstream-image.md, without models. Test knobs (environment, DOUBLE_ prefix):
//   DOUBLE_LOAD_MS      time the lifespan "loads models" before port 8000 is bound (default 1500)
//   DOUBLE_LOAD_FAILS=1 the model load fails; every /ready then reloads (DOUBLE_RELOAD_MS) and answers 500
//   DOUBLE_PROCESS_MS   how long one photo blocks the whole server (default 1500)
//   DOUBLE_NO_FACE_SHA256  comma list of upload sha256s with "no face" (the double has no detector)
//   DOUBLE_PORT, DOUBLE_APP_DIR  only for running it on the host without Docker (default 8000, /app)
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const env = process.env;
const log = (line) => console.log(line);
const block = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(0, ms));

// rembg → pymatting → numba(cache=True): with no writable cache directory the import fails and the process exits 1.
function numbaCacheWritable() {
  const dir = env.NUMBA_CACHE_DIR || '/home/appuser/.cache/numba';
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'pymatting.probe'), 'x');
    return true;
  } catch {
    return false;
  }
}
if (!numbaCacheWritable()) {
  console.error('Traceback (most recent call last):');
  console.error(
    '  File "/usr/local/lib/python3.11/site-packages/pymatting/util/util.py", line 15, in <module>',
  );
  console.error(
    "RuntimeError: cannot cache function 'div': no locator available for file '/usr/local/lib/python3.11/site-packages/pymatting/util/util.py'",
  );
  process.exit(1);
}

const VALID_DEVICES = /^(auto|cpu|cuda|cuda:\d+)$/;
let loads = 0;
function loadModels() {
  loads += 1;
  log(`Loading models (load ${loads})...`);
  if (env.DOUBLE_LOAD_FAILS === '1')
    throw new Error('Failed to load u2net_human_seg: [Errno 2] No such file');
  if (!VALID_DEVICES.test(env.FACECRAFT_DEVICE ?? 'auto'))
    throw new Error(`Invalid device string: '${env.FACECRAFT_DEVICE}'`);
  return { loadedAt: Date.now() };
}

log('='.repeat(60));
log('Facecraft - AI Portrait Processing API (behaviour double)');
log(
  `threads: OMP_NUM_THREADS=${env.OMP_NUM_THREADS ?? 'unset'} OPENBLAS_NUM_THREADS=${env.OPENBLAS_NUM_THREADS ?? 'unset'}`,
);
let processor = null;
block(Number(env.DOUBLE_LOAD_MS ?? 1500)); // the lifespan runs before uvicorn binds: nothing answers meanwhile
try {
  processor = loadModels();
  log('Models loaded successfully');
} catch (error) {
  log(`Warning: Error initializing processor: ${error.message}`);
}
log('Server ready for requests!');

const startedAt = Date.now();
const stats = { total: 0, ok: 0 };
const APP_DIR = env.DOUBLE_APP_DIR ?? '/app';
const UPLOADS = path.join(APP_DIR, 'uploads');
const OUTPUTS = path.join(APP_DIR, 'processed');
const ALLOWED = ['.jpg', '.jpeg', '.png', '.bmp', '.webp'];
const corsOrigins = (env.FACECRAFT_CORS_ORIGINS ?? '*').split(',').map((s) => s.trim());

function corsHeaders(req) {
  const origin = req.headers.origin;
  if (!origin) return {};
  // Starlette with allow_credentials and '*' echoes any origin.
  if (!corsOrigins.includes('*') && !corsOrigins.includes(origin)) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    vary: 'Origin',
  };
}

function send(req, res, code, body, type = 'application/json') {
  const payload = type === 'application/json' ? JSON.stringify(body) : body;
  res.writeHead(code, { 'content-type': type, ...corsHeaders(req) });
  res.end(payload);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function formOf(req) {
  const body = await readBody(req);
  return new Request('http://double/', {
    method: 'POST',
    headers: { 'content-type': req.headers['content-type'] ?? '' },
    body,
  }).formData();
}

const field = (form, name, fallback) => {
  const value = form.get(name);
  return value === null ? fallback : String(value);
};
const bool = (value) => /^(true|1|yes|on)$/i.test(value);

function statusBody() {
  return {
    status: 'operational',
    version: '1.0.0',
    uptime_seconds: Math.floor((Date.now() - startedAt) / 1000),
    device: { type: 'cpu', name: null, cuda_version: null },
    models: {
      face_detector: { loaded: processor !== null, type: 'dlib_frontal_face' },
      face_landmarks: { loaded: processor !== null, type: 'shape_predictor_68' },
      face_enhancer: { loaded: false, type: 'codeformer' },
      background_remover: { loaded: processor !== null, type: 'u2net_human_seg' },
    },
    statistics: {
      total_processed: stats.total,
      success_rate: stats.total ? stats.ok / stats.total : 0,
      avg_processing_ms: 0,
    },
  };
}

const OPENAPI = {
  openapi: '3.1.0',
  info: { title: 'Facecraft API', version: '1.0.0' },
  paths: Object.fromEntries(
    [
      '/health',
      '/ready',
      '/status',
      '/api/v1/process',
      '/api/v1/process/quick',
      '/api/v1/process/batch',
      '/api/v1/download/{job_id}/{format}',
      '/api/v1/jobs/{job_id}',
    ].map((p) => [p, {}]),
  ),
};

async function processPhoto(req, res, quick) {
  const form = await formOf(req);
  const file = form.get('file');
  if (!file || typeof file === 'string') return send(req, res, 400, { detail: 'No file provided' });
  const suffix = path.extname(file.name).toLowerCase();
  if (!ALLOWED.includes(suffix))
    return send(req, res, 400, { detail: `Invalid format. Allowed: ${ALLOWED.join(', ')}` });
  const jobId = randomBytes(4).toString('hex');
  const bytes = Buffer.from(await file.arrayBuffer());
  const uploadPath = path.join(UPLOADS, `${jobId}_${file.name}`);
  try {
    writeFileSync(uploadPath, bytes);
  } catch (error) {
    return send(req, res, 500, {
      detail: `Failed to save file: [Errno 30] ${error.code === 'EROFS' ? 'Read-only file system' : error.message}: '${uploadPath}'`,
    });
  }
  const started = Date.now();
  // The pipeline runs synchronously inside an async route: the event loop is blocked (nothing answers).
  block(Number(env.DOUBLE_PROCESS_MS ?? 1500));
  const sha = createHash('sha256').update(bytes).digest('hex');
  const noFace = (env.DOUBLE_NO_FACE_SHA256 ?? '').split(',').includes(sha);
  const options = {
    width: Number(field(form, quick ? 'size' : 'width', '648')),
    height: Number(field(form, quick ? 'size' : 'height', '648')),
    background_r: Number(field(form, 'background_r', '240')),
    background_g: Number(field(form, 'background_g', '240')),
    background_b: Number(field(form, 'background_b', '240')),
    use_oval_mask: quick ? true : bool(field(form, 'use_oval_mask', 'true')),
  };
  const outDir = path.join(OUTPUTS, jobId);
  let result = { ok: false, error: 'no_face_detected' };
  if (!noFace) {
    const run = spawnSync(
      process.execPath,
      [new URL('./render.mjs', import.meta.url).pathname, uploadPath, outDir, JSON.stringify(options)],
      {
        encoding: 'utf8',
      },
    );
    result = JSON.parse(run.stdout.trim().split('\n').pop() || '{"ok":false,"error":"render crashed"}');
  }
  rmSync(uploadPath, { force: true });
  stats.total += 1;
  const ms = Date.now() - started;
  if (quick) {
    if (!result.ok) return send(req, res, 400, { detail: result.error });
    stats.ok += 1;
    return send(req, res, 200, readFileSync(result.files.png), 'image/png');
  }
  if (!result.ok) {
    const message =
      result.error === 'no_face_detected' ? 'No face could be detected in the image' : result.error;
    return send(req, res, 200, {
      success: false,
      job_id: jobId,
      processing_time_ms: ms,
      result: null,
      download_url: null,
      png_url: null,
      jpg_url: null,
      png_base64: null,
      jpg_base64: null,
      error: result.error,
      error_message: message,
    });
  }
  stats.ok += 1;
  const wantBase64 = bool(field(form, 'return_base64', 'false'));
  return send(req, res, 200, {
    success: true,
    job_id: jobId,
    processing_time_ms: ms,
    result: {
      face_detected: true,
      face_count: 1,
      face_position: result.face,
      output_size: { width: options.width, height: options.height },
      file_size_bytes: result.size,
    },
    download_url: null,
    png_url: result.files.png ? `/api/v1/download/${jobId}/png` : null,
    jpg_url: `/api/v1/download/${jobId}/jpg`,
    png_base64: wantBase64 && result.files.png ? readFileSync(result.files.png).toString('base64') : null,
    jpg_base64: wantBase64 ? readFileSync(result.files.jpg).toString('base64') : null,
    error: null,
    error_message: null,
  });
}

function download(req, res, jobId, format) {
  const dir = path.join(OUTPUTS, jobId);
  if (!existsSync(dir)) return send(req, res, 404, { detail: 'Job not found' });
  if (format !== 'png' && format !== 'jpg')
    return send(req, res, 400, { detail: "Invalid format. Use 'png' or 'jpg'" });
  const file = path.join(dir, `photo.${format}`);
  if (!existsSync(file)) return send(req, res, 404, { detail: `${format.toUpperCase()} file not found` });
  return send(req, res, 200, readFileSync(file), format === 'png' ? 'image/png' : 'image/jpeg');
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://double');
  const route = `${req.method} ${url.pathname}`;
  try {
    if (req.method === 'OPTIONS') {
      const headers = corsHeaders(req);
      if (!headers['access-control-allow-origin'])
        return send(req, res, 400, 'Disallowed CORS origin', 'text/plain');
      res.writeHead(200, {
        ...headers,
        'access-control-allow-methods': 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
      });
      return res.end();
    }
    if (route === 'GET /health') return send(req, res, 200, { status: 'healthy' });
    if (route === 'GET /ready') {
      if (processor === null) {
        // The dependency re-runs the whole load on every call, then FastAPI answers a bare 500.
        block(Number(env.DOUBLE_RELOAD_MS ?? 500));
        try {
          processor = loadModels();
        } catch (error) {
          log(`Exception in ASGI application: ${error.message}`);
          return send(req, res, 500, 'Internal Server Error', 'text/plain; charset=utf-8');
        }
      }
      return send(req, res, 200, { ready: true, models_loaded: true });
    }
    if (route === 'GET /status') return send(req, res, 200, statusBody());
    if (route === 'GET /openapi.json') return send(req, res, 200, OPENAPI);
    if (route === 'POST /api/v1/process') return await processPhoto(req, res, false);
    if (route === 'POST /api/v1/process/quick') return await processPhoto(req, res, true);
    const dl = /^\/api\/v1\/download\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && dl) return download(req, res, dl[1], dl[2]);
    const job = /^\/api\/v1\/jobs\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'DELETE' && job) {
      rmSync(path.join(OUTPUTS, job[1]), { recursive: true, force: true });
      return send(req, res, 200, { message: `Job ${job[1]} deleted` });
    }
    return send(req, res, 404, { detail: 'Not Found' });
  } catch (error) {
    log(`Exception in ASGI application: ${error.stack}`);
    return send(req, res, 500, 'Internal Server Error', 'text/plain; charset=utf-8');
  }
});
// CMD fixes the port and ignores HOST/PORT/WORKERS.
server.listen(Number(env.DOUBLE_PORT ?? 8000), env.DOUBLE_PORT ? '127.0.0.1' : '0.0.0.0', () =>
  log('Uvicorn running on http://0.0.0.0:8000'),
);
process.on('SIGTERM', () => process.exit(0));
