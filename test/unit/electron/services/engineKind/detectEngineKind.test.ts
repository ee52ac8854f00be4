/** Which kind an engine is: our labels, or what a running engine answers; without evidence, the published kind. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  kindFromAnswers,
  kindFromLabels,
  probeEngineKind,
} from '../../../../../electron/services/engineKind/detectEngineKind.ts';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A real HTTP engine on 127.0.0.1 answering the given JSON per path (anything else: 404). */
async function engineAnswering(routes: Record<string, unknown>): Promise<string> {
  server = createServer((request, response) => {
    const body = routes[request.url ?? ''];
    if (body === undefined) {
      response.writeHead(404).end('Not Found');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('engine kind from labels and answers', () => {
  it('an io.facecraft.* label makes an image ours; other labels decide nothing', () => {
    expect(kindFromLabels({ 'io.facecraft.device': 'cpu' })).toBe('facecraft-desktop');
    expect(kindFromLabels({ 'org.opencontainers.image.title': 'x' })).toBeNull();
    expect(kindFromLabels(null)).toBeNull();
  });

  it('an unlabelled engine is ours only when it answers like ours', () => {
    expect(kindFromAnswers({ openapi: { info: { title: 'Facecraft engine' } }, status: null })).toBe(
      'facecraft-desktop',
    );
    expect(kindFromAnswers({ openapi: { info: { title: 'Facecraft API' } }, status: null })).toBe(
      'published',
    );
    expect(kindFromAnswers({ openapi: null, status: null })).toBe('published');
  });

  it('a running engine whose /openapi.json says "Facecraft engine" is ours', async () => {
    const url = await engineAnswering({ '/openapi.json': { info: { title: 'Facecraft engine' } } });
    expect(await probeEngineKind(url, 'key')).toBe('facecraft-desktop');
  });

  it('an engine with the published title but an IS-Net background remover in /status is ours', async () => {
    const url = await engineAnswering({
      '/openapi.json': { info: { title: 'Facecraft API' } },
      '/status': { models: { background_remover: { type: 'isnet-general-use', loaded: true } } },
    });
    expect(await probeEngineKind(url, null)).toBe('facecraft-desktop');
  });

  it('the published answers (u2net_human_seg), errors, or no engine at all count as published', async () => {
    const url = await engineAnswering({
      '/openapi.json': { info: { title: 'Facecraft API' } },
      '/status': { models: { background_remover: { type: 'u2net_human_seg', loaded: true } } },
    });
    expect(await probeEngineKind(url, null)).toBe('published');
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    expect(await probeEngineKind(await engineAnswering({}), null)).toBe('published');
  });
});
