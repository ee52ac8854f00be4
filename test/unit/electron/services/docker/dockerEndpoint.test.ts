import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GpuHints } from '../../../../../contract/domain.ts';
import { resolveDockerEndpoint } from '../../../../../electron/services/docker/dockerEndpoint.ts';
import { makeTlsFiles } from '../../../../support/tlsCertificates.ts';

let home: string;
beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'fc-endpoint-home-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

/** The real docker CLI writes the context (meta.json and the tls/ folder) into the temporary HOME. */
function dockerContextCreate(name: string, docker: string): void {
  execFileSync('docker', ['context', 'create', name, '--docker', docker], {
    env: { PATH: process.env.PATH, HOME: home },
    stdio: 'ignore',
  });
  execFileSync('docker', ['context', 'use', name], {
    env: { PATH: process.env.PATH, HOME: home },
    stdio: 'ignore',
  });
}

function sshKey(name: string, passphrase: string, type: 'ed25519' | 'rsa' = 'ed25519'): string {
  const file = path.join(home, '.ssh', name);
  mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('ssh-keygen', ['-q', '-a', '1', '-t', type, '-N', passphrase, '-f', file, '-C', 'test']);
  return file;
}

describe('an ssh:// docker context', () => {
  it('authenticates with the running SSH agent and the default key, as `ssh` would for the CLI', () => {
    dockerContextCreate('remote', 'host=ssh://deploy@build.example.org:2222');
    const key = sshKey('id_ed25519', '');
    const endpoint = resolveDockerEndpoint({
      env: { SSH_AUTH_SOCK: '/run/user/1000/agent.sock' },
      homeDir: home,
      platform: 'linux',
    });
    expect(endpoint.source).toBe('context remote');
    expect(endpoint.options).toMatchObject({
      protocol: 'ssh',
      host: 'build.example.org',
      port: '2222',
      username: 'deploy',
    });
    expect(endpoint.options.sshOptions?.agent).toBe('/run/user/1000/agent.sock');
    expect(endpoint.options.sshOptions?.privateKey).toEqual(readFileSync(key));
  });

  it('leaves a passphrase-protected key to the agent and takes the next default key', () => {
    dockerContextCreate('remote', 'host=ssh://deploy@build.example.org');
    sshKey('id_ed25519', 'a secret passphrase');
    const rsa = sshKey('id_rsa', '', 'rsa');
    const endpoint = resolveDockerEndpoint({ env: {}, homeDir: home, platform: 'linux' });
    expect(endpoint.options.sshOptions?.privateKey).toEqual(readFileSync(rsa));
  });

  it("uses Windows' OpenSSH agent pipe when SSH_AUTH_SOCK is unset on Windows", () => {
    dockerContextCreate('remote', 'host=ssh://deploy@build.example.org');
    const endpoint = resolveDockerEndpoint({ env: {}, homeDir: home, platform: 'win32' });
    expect(endpoint.options.sshOptions?.agent).toBe('\\\\.\\pipe\\openssh-ssh-agent');
    expect(endpoint.options.sshOptions?.privateKey).toBeUndefined();
  });
});

describe('a TLS docker context', () => {
  it("connects with the context's own CA and client certificate from contexts/tls/<id>/docker", () => {
    const tls = makeTlsFiles(path.join(home, 'certs'));
    dockerContextCreate(
      'secure',
      `host=tcp://127.0.0.1:23760,ca=${tls.ca},cert=${tls.clientCert},key=${tls.clientKey}`,
    );
    // DOCKER_TLS_VERIFY / DOCKER_CERT_PATH belong to DOCKER_HOST; the context must not pick them up.
    const endpoint = resolveDockerEndpoint({
      env: { DOCKER_CERT_PATH: '/nowhere' },
      homeDir: home,
      platform: 'linux',
    });
    expect(endpoint.url).toBe('tcp://127.0.0.1:23760');
    expect(endpoint.options).toMatchObject({ protocol: 'https', host: '127.0.0.1', port: '23760' });
    expect(endpoint.options.ca).toEqual(readFileSync(tls.ca));
    expect(endpoint.options.cert).toEqual(readFileSync(tls.clientCert));
    expect(endpoint.options.key).toEqual(readFileSync(tls.clientKey));
  });

  it('stays plain http for a tcp context without TLS material on a port other than 2376', () => {
    dockerContextCreate('plain', 'host=tcp://10.0.0.5:2375');
    const endpoint = resolveDockerEndpoint({ env: {}, homeDir: home, platform: 'linux' });
    expect(endpoint.options).toMatchObject({ protocol: 'http', port: '2375' });
    expect(endpoint.options.ca).toBeUndefined();
  });

  it('reads config.json and contexts from DOCKER_CONFIG when it is set', () => {
    const elsewhere = path.join(home, 'elsewhere');
    mkdirSync(elsewhere);
    execFileSync('docker', ['context', 'create', 'moved', '--docker', 'host=tcp://10.0.0.9:2375'], {
      env: { PATH: process.env.PATH, HOME: home, DOCKER_CONFIG: elsewhere },
      stdio: 'ignore',
    });
    writeFileSync(path.join(elsewhere, 'config.json'), JSON.stringify({ currentContext: 'moved' }));
    const endpoint = resolveDockerEndpoint({
      env: { DOCKER_CONFIG: elsewhere },
      homeDir: home,
      platform: 'linux',
    });
    expect(endpoint.url).toBe('tcp://10.0.0.9:2375');
  });
});

const _noHints: GpuHints = { nvidiaRuntime: false, cdiDevices: [], wsl2: false, verdict: 'unlikely' };

describe('dockerEndpoint: what the user reads', () => {
  it('Windows resolves the named pipe', () => {
    const endpoint = resolveDockerEndpoint({ env: {}, homeDir: 'C:\\Users\\x', platform: 'win32' });
    expect(endpoint.url).toBe('npipe:////./pipe/docker_engine');
  });
  it('DOCKER_HOST tcp with TLS verification uses https on 2376; ssh keeps the user', () => {
    const tls = resolveDockerEndpoint({
      env: { DOCKER_HOST: 'tcp://10.0.0.5', DOCKER_TLS_VERIFY: '1' },
      homeDir: '/x',
      platform: 'linux',
    });
    expect(tls.url).toBe('tcp://10.0.0.5:2376');
    expect(tls.options.protocol).toBe('https');
    const plain = resolveDockerEndpoint({
      env: { DOCKER_HOST: 'tcp://10.0.0.5:2375' },
      homeDir: '/x',
      platform: 'linux',
    });
    expect(plain.options).toMatchObject({ protocol: 'http', host: '10.0.0.5', socketPath: undefined });
    const ssh = resolveDockerEndpoint({
      env: { DOCKER_HOST: 'ssh://me@build-box' },
      homeDir: '/x',
      platform: 'linux',
    });
    expect(ssh.options).toMatchObject({ protocol: 'ssh', host: 'build-box', username: 'me' });
  });
});
