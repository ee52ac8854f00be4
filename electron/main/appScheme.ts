/**
 * The `app://facecraft/…` scheme the window loads the renderer from, instead of file:// (Electron's
 * security checklist, item "Use a custom protocol instead of file://"): the page gets a real origin, a
 * response CSP header, and the file-protocol privileges fuse can stay off. The handler is plain Node
 * (a web-standard Request in, Response out) so tests serve the built renderer through it without Electron;
 * main.ts hands it to `protocol.handle`.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CustomScheme } from 'electron';
import { CONTENT_SECURITY_POLICY_HEADER } from './contentSecurityPolicy.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'facecraft';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * Registered before `ready`. standard: relative URLs and an origin of its own; secure: counts as a secure
 * context (workers, crypto); supportFetchAPI: the module worker and fetch() can load from it;
 * codeCache: V8 caches the bundles like http. No bypassCSP, no service workers.
 */
export const APP_SCHEME_DEFINITION: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

function refuse(status: number, sentence: string): Response {
  return new Response(sentence, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS },
  });
}

/** Serves files under `rootDir` (the built renderer, inside the asar when packaged) for app://facecraft/. */
export function createAppSchemeHandler(rootDir: string): (request: Request) => Promise<Response> {
  const root = path.resolve(rootDir);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Only GET and HEAD.');
    const url = new URL(request.url);
    // Only our own host: another app:// host is not the app.
    if (url.host !== APP_HOST) return refuse(404, `Unknown host ${url.host}.`);
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return refuse(400, 'Malformed path.');
    }
    const file = path.resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
    // URL parsing already folds "/../"; this also refuses encoded separators that would leave the folder.
    if (!file.startsWith(root + path.sep)) return refuse(403, 'Outside the app.');
    try {
      const info = await stat(file);
      if (!info.isFile()) return refuse(404, 'Not a file.');
      const body = request.method === 'HEAD' ? null : await readFile(file);
      return new Response(body, {
        status: 200,
        headers: {
          'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
          'Content-Length': String(info.size),
          ...SECURITY_HEADERS,
        },
      });
    } catch {
      return refuse(404, `No such file: ${pathname}`);
    }
  };
}
