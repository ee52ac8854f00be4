/**
 * The on-the-spot test of an engine URL, against real local servers: each failure a person can meet
 * gets its own code and sentence (a TLS problem, an unreachable host, plain HTTP to a public address,
 * something that is not an engine). The accepted and refused key against a real engine: the
 * integration test of the same name.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FacecraftError } from '../../../../../contract/errors.ts';
import { probeUrlEngine } from '../../../../../electron/services/engines/probeUrlEngine.ts';
import { freePort } from '../../../../support/dockerCommand.ts';

const servers: Server[] = [];
let selfSignedUrl: string;
let plainUrl: string;
const certDir = mkdtempSync(path.join(tmpdir(), 'facecraft-tls-'));

function listen(server: Server): Promise<string> {
  servers.push(server);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

beforeAll(async () => {
  // A real certificate, self-signed for 127.0.0.1: a server this computer has no reason to trust.
  await promisify(execFile)('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    path.join(certDir, 'key.pem'),
    '-out',
    path.join(certDir, 'cert.pem'),
  ]);
  const answer: RequestListener = (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<html>a web page, not an engine</html>');
  };
  selfSignedUrl = `https://${await listen(
    createHttpsServer(
      {
        key: readFileSync(path.join(certDir, 'key.pem')),
        cert: readFileSync(path.join(certDir, 'cert.pem')),
      },
      answer,
    ),
  )}`;
  plainUrl = await listen(createHttpServer(answer));
});

afterAll(() => {
  for (const server of servers) server.close();
  rmSync(certDir, { recursive: true, force: true });
});

async function failure(url: string, key: string | null = 'some-key'): Promise<FacecraftError> {
  const error = await probeUrlEngine(url, key, { timeoutMs: 5000 }).then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof FacecraftError)) throw new Error(`${url} passed the probe`);
  return error;
}

describe('probeUrlEngine: what a person is told', () => {
  it('a certificate this computer does not trust is a TLS problem, with the reason', async () => {
    const error = await failure(selfSignedUrl);
    expect(error.code).toBe('engine-tls-failed');
    expect(error.message).toMatch(
      /secure connection to https:\/\/127\.0\.0\.1:\d+ failed \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)/,
    );
  });

  it('https:// to a server that speaks plain HTTP is a TLS problem too', async () => {
    const error = await failure(`https://${plainUrl}`);
    expect(error.code).toBe('engine-tls-failed');
    expect(error.message).toMatch(/does not speak HTTPS there/);
  });

  it('a port where nothing listens is an unreachable host, not a key or TLS problem', async () => {
    const error = await failure(`http://127.0.0.1:${await freePort()}`);
    expect(error.code).toBe('engine-unreachable');
    expect(error.message).toMatch(/^Nothing answers at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });

  it('plain HTTP to a public address is refused before anything is sent', async () => {
    const error = await failure('http://203.0.113.5:8000');
    expect(error.code).toBe('engine-url-insecure');
    expect(error.message).toMatch(/Use https:\/\/203\.0\.113\.5:8000/);
  });

  it('a web server that is no engine is said to be no engine', async () => {
    const error = await failure(`http://${plainUrl}`);
    expect(error.code).toBe('engine-rejected');
    expect(error.message).toMatch(/not as a Facecraft engine/);
  });
});
