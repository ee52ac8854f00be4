import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_INDEX_URL, createAppSchemeHandler } from '../../../../electron/main/appScheme.ts';
import { CONTENT_SECURITY_POLICY_HEADER } from '../../../../electron/main/contentSecurityPolicy.ts';

let root: string;
let handle: (request: Request) => Promise<Response>;

beforeAll(() => {
  const base = mkdtempSync(path.join(tmpdir(), 'fc-scheme-'));
  root = path.join(base, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Facecraft Desktop</title>');
  writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  // A secret beside the renderer folder: must never be reachable.
  writeFileSync(path.join(base, 'secret.txt'), 'not for the page');
  handle = createAppSchemeHandler(root);
});
afterAll(() => rmSync(path.dirname(root), { recursive: true, force: true }));

const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

describe('the app:// handler', () => {
  it('serves index.html with the CSP as a response header', async () => {
    const response = await get(APP_INDEX_URL);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY_HEADER);
    expect(await response.text()).toContain('<title>Facecraft Desktop</title>');
    expect((await get('app://facecraft/')).status).toBe(200);
  });

  it('serves scripts and images with their types (module scripts need a JavaScript type)', async () => {
    expect((await get('app://facecraft/assets/index-abc.js')).headers.get('content-type')).toBe(
      'text/javascript; charset=utf-8',
    );
    expect((await get('app://facecraft/assets/logo.svg')).headers.get('content-type')).toBe('image/svg+xml');
    const head = await get('app://facecraft/assets/index-abc.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('never answers outside the renderer folder, other hosts, or other methods', async () => {
    for (const url of [
      'app://facecraft/../secret.txt',
      'app://facecraft/%2e%2e/secret.txt',
      'app://facecraft/assets/..%2f..%2fsecret.txt',
    ]) {
      const response = await get(url);
      expect([403, 404]).toContain(response.status);
      expect(await response.text()).not.toContain('not for the page');
    }
    expect((await get('app://elsewhere/index.html')).status).toBe(404);
    expect((await get('app://facecraft/missing.js')).status).toBe(404);
    expect((await get('app://facecraft/assets')).status).toBe(404);
    expect((await handle(new Request(APP_INDEX_URL, { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});
