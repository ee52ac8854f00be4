/**
 * Serves the built renderer through the app:// handler itself (electron/main/appScheme.ts), over a small
 * http shim: Chromium here has no app:// scheme (only Electron registers one), so each http request is
 * turned into the app://facecraft/… Request that protocol.handle would pass, and the handler's Response
 * (status, headers including the CSP, body) is written back unchanged.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APP_ORIGIN, createAppSchemeHandler } from '../../../electron/main/appScheme.ts';

export async function serveThroughAppScheme(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const handle = createAppSchemeHandler(dir);
  const server = createServer(async (request, response) => {
    const answer = await handle(
      new Request(`${APP_ORIGIN}${request.url ?? '/'}`, { method: request.method }),
    );
    const headers: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      headers[name] = value;
    });
    response.writeHead(answer.status, headers);
    response.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/index.html`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
