/**
 * A tiny stand-in engine for lifecycle cases the real engine cannot stage cheaply (a crash at start,
 * slow readiness): it serves /health, /ready, /status on 8000 with the same API key rule, runs as
 * uid 1000 and writes only to /tmp. Built in the test from node:24-bookworm-slim and labelled, then removed.
 * Knobs (environment): FAKE_READY_AFTER_MS, FAKE_CRASH=1 (logs lines then exits 3).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { buildImage } from '../../../electron/services/docker/index.ts';

export const TEST_LABEL = 'facecraft.test';
export const TEST_LABEL_VALUE = 'launcher-docker';

const SERVER = `
import http from 'node:http';
import { writeFileSync } from 'node:fs';
const key = process.env.FACECRAFT_API_KEY ?? '';
const readyAt = Date.now() + Number(process.env.FAKE_READY_AFTER_MS ?? 300);
if (process.env.FAKE_CRASH === '1') {
  for (let i = 1; i <= 60; i++) console.error('fake engine: loading model part ' + i);
  console.error('fake engine: FATAL cannot load the segmentation model');
  process.exit(3);
}
writeFileSync('/tmp/fake-engine-started', String(Date.now()));
console.log('fake engine: listening on 8000');
http.createServer((req, res) => {
  const send = (code, body) => { res.writeHead(code, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
  if (req.url === '/health') return send(200, { status: 'healthy' });
  if (key && req.headers['x-api-key'] !== key) return send(401, { detail: 'invalid API key' });
  const ready = Date.now() >= readyAt;
  if (req.url === '/ready') return send(ready ? 200 : 503, { ready, models_loaded: ready });
  if (req.url === '/status') return send(200, { status: 'operational', version: 'fake-1', uptime_seconds: 1,
    device: { type: 'cpu', name: null, cuda_version: null }, models: {}, statistics: { total_processed: 0, success_rate: 1, avg_processing_ms: 0 } });
  send(404, { detail: 'not found' });
}).listen(8000, '0.0.0.0');
process.on('SIGTERM', () => process.exit(0));
`;

const DOCKERFILE = `FROM node:24-bookworm-slim
COPY server.mjs /srv/server.mjs
LABEL ${TEST_LABEL}=${TEST_LABEL_VALUE}
USER 1000:1000
EXPOSE 8000
CMD ["node", "/srv/server.mjs"]
`;

/** Builds the fake engine under `tag` (cpu variant) with our own build service. */
export async function buildFakeEngine(docker: Docker, tag: string): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'fc-fake-engine-'));
  try {
    writeFileSync(path.join(dir, 'server.mjs'), SERVER);
    writeFileSync(path.join(dir, 'Dockerfile.cpu'), DOCKERFILE);
    await buildImage(docker, { device: 'cpu', contextDir: dir, tag });
    return tag;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Removes every container and image carrying our test label, or our engine labels with `sessionPrefix`. */
export async function removeTestContainers(docker: Docker, sessionIds: string[]): Promise<void> {
  const containers = await docker.listContainers({
    all: true,
    filters: { label: ['app=facecraft-desktop'] },
  });
  for (const container of containers) {
    if (sessionIds.includes(container.Labels['facecraft.session'] ?? '')) {
      await docker
        .getContainer(container.Id)
        .remove({ force: true })
        .catch(() => undefined);
    }
  }
}

export function uniqueTag(name: string): string {
  return `facecraft-test-${name}:${process.pid}-${Math.random().toString(16).slice(2, 8)}`;
}
