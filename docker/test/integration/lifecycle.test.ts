/**
 * The engine as a process under Docker: hardened (read-only root filesystem, no capabilities, uid
 * 1000), bounded (a full queue answers 503 + Retry-After), tidy (old results are swept) and polite on
 * SIGTERM (the request in flight completes, then the process exits 0).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demuxDockerLogs,
  ensureEngineImage,
  type RunningEngine,
  startEngineContainer,
  TEST_LABELS,
} from './support/engine.ts';
import { FIXTURES, form, getBytes, postForm } from './support/http.ts';

interface ProcessBody {
  success: boolean;
  png_url: string | null;
}

let engine: RunningEngine;
let portrait: Buffer;

beforeAll(async () => {
  const image = await ensureEngineImage();
  engine = await startEngineContainer({
    image,
    labels: TEST_LABELS,
    env: {
      FACECRAFT_MAX_CONCURRENT_JOBS: '1',
      FACECRAFT_MAX_QUEUED_JOBS: '0',
      // Results live 18 s here, swept every second, so the cleanup can be watched.
      FACECRAFT_CLEANUP_AGE_HOURS: '0.005',
      FACECRAFT_CLEANUP_INTERVAL_SECONDS: '1',
    },
  });
  portrait = await readFile(path.join(FIXTURES, 'dark-skin-man-frontal-beard.jpg'));
});

afterAll(async () => {
  await engine?.stop();
});

async function exec(command: string[]): Promise<{ exitCode: number; output: string }> {
  const run = await engine.container.exec({ Cmd: command, AttachStdout: true, AttachStderr: true });
  const stream = await run.start({});
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const info = await run.inspect();
  return { exitCode: info.ExitCode ?? -1, output: demuxDockerLogs(Buffer.concat(chunks)) };
}

function photoForm(): FormData {
  return form([{ field: 'file', filename: 'portrait.jpg', data: portrait }]);
}

describe('hardened run', () => {
  it('serves with a read-only root filesystem, all capabilities dropped, as uid 1000', async () => {
    const info = await engine.container.inspect();
    expect(info.HostConfig.ReadonlyRootfs).toBe(true);
    expect(info.HostConfig.CapDrop).toEqual(['ALL']);
    expect((await exec(['id', '-u'])).output.trim()).toBe('1000');
    expect((await exec(['touch', '/app/src/written-by-test'])).exitCode).not.toBe(0);
    // The image's own health check (/ready with the key from the environment) passes.
    expect((await exec(['node', 'src/healthcheck.ts'])).exitCode).toBe(0);
  });
});

describe('bounded concurrency', () => {
  it('answers 503 with Retry-After when the queue is full, and serves the rest', async () => {
    const answers = await Promise.all(
      [1, 2, 3].map(() => postForm<ProcessBody>(`${engine.url}/api/v1/process`, photoForm(), engine.headers)),
    );
    const busy = answers.filter((answer) => answer.status === 503);
    const served = answers.filter((answer) => answer.status === 200);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    expect(served.length).toBeGreaterThanOrEqual(1);
    for (const answer of busy) {
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(answer.body).toMatchObject({ detail: expect.stringMatching(/busy/i), code: 'queue_full' });
    }
    for (const answer of served) expect(answer.body.success).toBe(true);
  });
});

describe('cleanup', () => {
  it('removes results after FACECRAFT_CLEANUP_AGE_HOURS', { timeout: 300_000 }, async () => {
    const { body } = await postForm<ProcessBody>(`${engine.url}/api/v1/process`, photoForm(), engine.headers);
    expect(body.success).toBe(true);
    expect((await getBytes(`${engine.url}${body.png_url}`, engine.headers)).status).toBe(200);
    let status = 200;
    for (let i = 0; i < 240 && status === 200; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      status = (await getBytes(`${engine.url}${body.png_url}`, engine.headers)).status;
    }
    expect(status).toBe(404);
  });
});

describe('SIGTERM', () => {
  it('lets the request in flight complete, refuses new work, and exits 0', async () => {
    const received = async (): Promise<number> =>
      (await engine.logs()).split('\n').filter((line) => line.includes('"url":"/api/v1/process"')).length;
    const before = await received();
    const inFlight = postForm<ProcessBody>(`${engine.url}/api/v1/process`, photoForm(), engine.headers);
    // Wait until the engine has the request (its log says so), then stop the container as `docker stop` does.
    for (let i = 0; i < 600 && (await received()) === before; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await engine.container.kill({ signal: 'SIGTERM' });

    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.body.success).toBe(true);

    const refused = await fetch(`${engine.url}/health`).then(
      (response) => response.status,
      () => 'connection refused',
    );
    expect([503, 'connection refused']).toContain(refused);

    const exit = (await engine.container.wait()) as { StatusCode: number };
    expect(exit.StatusCode).toBe(0);
    const logs = await engine.logs();
    expect(logs).toContain('finishing in-flight requests');
    expect(logs).toContain('shut down cleanly');
  });
});
