/**
 * X-API-Key enforcement when FACECRAFT_API_KEY is set (the published image reads the variable but
 * never checks it). /health stays open for liveness probes; CORS preflights stay open because
 * browsers never send custom headers on them.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { HttpError } from './httpError.ts';

const OPEN_PATHS = new Set(['/health']);

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export function registerApiKey(app: FastifyInstance, apiKey: string | null): void {
  if (apiKey === null) return;
  // Comparing fixed-length digests in constant time leaks neither the key nor its length.
  const expected = digest(apiKey);
  app.addHook('onRequest', async (request) => {
    if (request.method === 'OPTIONS') return;
    const path = request.url.split('?', 1)[0] ?? '';
    if (OPEN_PATHS.has(path)) return;
    const given = request.headers['x-api-key'];
    if (typeof given !== 'string' || !timingSafeEqual(digest(given), expected)) {
      throw new HttpError(401, 'invalid_api_key', 'A valid X-API-Key header is required.');
    }
  });
}
