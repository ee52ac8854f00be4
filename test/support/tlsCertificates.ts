/**
 * A throwaway CA with a server certificate for 127.0.0.1/localhost and a client certificate, made with
 * openssl: what `dockerd --tlsverify` and a TLS docker context need.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface TlsFiles {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function signed(dir: string, name: string, extensions: string): void {
  openssl(dir, ['req', ...EC, '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
  writeFileSync(path.join(dir, `${name}.ext`), extensions);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca-key.pem',
    '-CAcreateserial',
    '-days',
    '2',
    '-out',
    `${name}-cert.pem`,
    '-extfile',
    `${name}.ext`,
  ]);
}

export function makeTlsFiles(dir: string): TlsFiles {
  mkdirSync(dir, { recursive: true });
  openssl(dir, [
    'req',
    '-x509',
    ...EC,
    '-keyout',
    'ca-key.pem',
    '-out',
    'ca.pem',
    '-subj',
    '/CN=facecraft-test-ca',
    '-days',
    '2',
  ]);
  signed(dir, 'server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  signed(dir, 'client', 'extendedKeyUsage=clientAuth\n');
  const at = (name: string) => path.join(dir, name);
  return {
    dir,
    ca: at('ca.pem'),
    serverCert: at('server-cert.pem'),
    serverKey: at('server-key.pem'),
    clientCert: at('client-cert.pem'),
    clientKey: at('client-key.pem'),
  };
}
