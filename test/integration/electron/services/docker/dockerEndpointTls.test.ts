/**
 * A TLS docker context against a real dockerd listening with --tlsverify on 127.0.0.1, certificates made
 * by openssl, the context written by the real docker CLI into a temporary HOME: the app must reach the
 * daemon with the context's own CA and client certificate, as `docker --context` does.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDockerEndpoint } from '../../../../../electron/services/docker/dockerEndpoint.ts';
import { type IsolatedDaemon, startIsolatedDaemon } from '../../../../support/isolatedDaemon.ts';
import { makeTlsFiles, type TlsFiles } from '../../../../support/tlsCertificates.ts';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

let home: string;
let tls: TlsFiles;
let daemon: IsolatedDaemon;
let port: number;

beforeAll(async () => {
  home = mkdtempSync(path.join(tmpdir(), 'fc-tls-home-'));
  tls = makeTlsFiles(path.join(home, 'certs'));
  port = await freePort();
  daemon = await startIsolatedDaemon({
    hosts: [`tcp://127.0.0.1:${port}`],
    config: { tlsverify: true, tlscacert: tls.ca, tlscert: tls.serverCert, tlskey: tls.serverKey },
  });
  const cli = { env: { PATH: process.env.PATH, HOME: home }, stdio: 'ignore' as const };
  execFileSync(
    'docker',
    [
      'context',
      'create',
      'secure',
      '--docker',
      `host=tcp://127.0.0.1:${port},ca=${tls.ca},cert=${tls.clientCert},key=${tls.clientKey}`,
    ],
    cli,
  );
  execFileSync('docker', ['context', 'use', 'secure'], cli);
}, 120_000);

afterAll(async () => {
  await daemon?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('a TLS docker context (real dockerd with --tlsverify)', () => {
  it('reaches the daemon with the context certificates and reads its version', async () => {
    const endpoint = resolveDockerEndpoint({ env: {}, homeDir: home, platform: 'linux' });
    expect(endpoint.source).toBe('context secure');
    const docker = new Docker(endpoint.options);
    expect(String(await docker.ping())).toBe('OK');
    const version = await docker.version();
    // The same daemon the CLI sees through the same context.
    const cliVersion = execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], {
      env: { PATH: process.env.PATH, HOME: home },
      encoding: 'utf8',
    }).trim();
    expect(version.Version).toBe(cliVersion);
  });

  it('is refused without the client certificate: the daemon really verifies it', async () => {
    const endpoint = resolveDockerEndpoint({ env: {}, homeDir: home, platform: 'linux' });
    const { cert: _cert, key: _key, ...withoutClient } = endpoint.options;
    await expect(new Docker(withoutClient).ping()).rejects.toThrow();
  });
});
