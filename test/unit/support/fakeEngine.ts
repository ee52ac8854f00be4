/**
 * A fake engine (a double): a tiny HTTP server speaking just enough of the v1 API for the job queue's
 * unit tests (POST /api/v1/process, the two downloads, DELETE /api/v1/jobs/{id}), with scripted answers.
 * The real engine is exercised by the integration tests; this one makes cancel, loss and recovery
 * happen on cue. Its results are the tiny PNG fixture, so what the queue writes is a real image.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServingEngine } from '../../../electron/services/jobQueue/queueEngine.ts';
import { fixturePath } from '../../support/fixtures.ts';

/** What the fake engine does with the next photo: answer a portrait, say no face, never answer, drop the connection, or refuse the key. */
export type FakeAnswer = 'portrait' | 'no-face' | 'hang' | 'drop' | 'unauthorized';

const RESULT_PNG = readFileSync(fixturePath('tiny-115px-glasses-goatee-man.png'));

export class FakeEngine {
  /** Answers for the photos to come, in order; 'portrait' once they run out. */
  readonly script: FakeAnswer[] = [];
  /** The width form field of every photo received. */
  readonly widths: number[] = [];
  /** Photos that reached the engine and are waiting on a 'hang'. */
  hanging = 0;
  /** How long each answer takes (a slower engine). */
  delayMs = 0;
  /**
   * 'drop' answers wait until this many photos hold one, then all connections go at once, as when an
   * engine dies with photos in flight (without it, a slow machine could drop the first before the second
   * is sent, and the test would depend on that race).
   */
  dropsAtOnce = 1;
  readonly #dropping: IncomingMessage[] = [];
  readonly #server: Server;
  #jobs = 0;

  private constructor() {
    this.#server = createServer((request, response) => void this.#handle(request, response));
  }

  static async start(): Promise<FakeEngine> {
    const engine = new FakeEngine();
    await new Promise<void>((resolve) => engine.#server.listen(0, '127.0.0.1', resolve));
    return engine;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  serving(): ServingEngine {
    return { connection: { url: this.url, apiKey: null }, deviceType: 'cpu' };
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = request.url ?? '/';
    if (request.method === 'POST' && url === '/api/v1/process') {
      const body = await readBody(request);
      const width = Number(/name="width"\r\n\r\n(\d+)/.exec(body)?.[1] ?? 0);
      this.widths.push(width);
      const answer = this.script.shift() ?? 'portrait';
      if (answer === 'drop') {
        this.#dropping.push(request);
        if (this.#dropping.length < this.dropsAtOnce) return;
        for (const held of this.#dropping.splice(0)) held.socket.destroy();
        return;
      }
      if (answer === 'unauthorized') {
        response.writeHead(401, { 'content-type': 'application/json' });
        return void response.end(JSON.stringify({ detail: 'invalid API key' }));
      }
      if (answer === 'hang') {
        this.hanging++;
        response.on('close', () => this.hanging--);
        return;
      }
      if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      const jobId = `job-${++this.#jobs}`;
      const found = answer === 'portrait';
      return json(response, {
        success: found,
        job_id: jobId,
        processing_time_ms: 5,
        result: {
          face_detected: found,
          face_count: found ? 1 : 0,
          face_position: found ? { x: 10, y: 10, width: 50, height: 50 } : null,
          output_size: { width, height: width },
          file_size_bytes: RESULT_PNG.length,
        },
        download_url: null,
        png_url: found ? `/api/v1/download/${jobId}/png` : null,
        jpg_url: found ? `/api/v1/download/${jobId}/jpg` : null,
        png_base64: null,
        jpg_base64: null,
        error: found ? null : 'no_face_detected',
        error_message: found ? null : 'No face was detected in the image.',
      });
    }
    if (request.method === 'GET' && url.startsWith('/api/v1/download/')) {
      response.writeHead(200, { 'content-type': 'image/png' });
      return void response.end(RESULT_PNG);
    }
    if (request.method === 'DELETE') return json(response, { deleted: true });
    response.writeHead(404).end();
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    request.on('error', reject);
  });
}

function json(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
