/** How an ssh:// daemon is reached: the running agent and the first default key ssh2 can use. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isEncryptedKey, sshAuth } from '../../../../../electron/services/docker/sshAuth.ts';

/** An OpenSSH key file whose body names the given cipher (the part isEncryptedKey reads). */
function opensshKey(cipher: string): string {
  const magic = Buffer.from('openssh-key-v1\0', 'latin1');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(cipher.length);
  const body = Buffer.concat([magic, length, Buffer.from(cipher, 'latin1'), Buffer.alloc(16)]);
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${body.toString('base64')}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

let home: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'fc-ssh-home-'));
  await mkdir(path.join(home, '.ssh'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

async function key(name: string, text: string): Promise<void> {
  await writeFile(path.join(home, '.ssh', name), text);
}

describe('ssh auth for ssh:// daemons', () => {
  it('tells encrypted keys (left to the agent) from plain ones', () => {
    expect(isEncryptedKey(opensshKey('none'))).toBe(false);
    expect(isEncryptedKey(opensshKey('aes256-ctr'))).toBe(true);
    expect(isEncryptedKey('-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n')).toBe(true);
    expect(isEncryptedKey('-----BEGIN ENCRYPTED PRIVATE KEY-----\n')).toBe(true);
  });

  it('uses the agent from SSH_AUTH_SOCK and the first unencrypted key in ssh order', async () => {
    await key('id_ed25519', opensshKey('aes256-ctr'));
    await key('id_ecdsa', opensshKey('none'));
    await key('id_rsa', opensshKey('none').replace('KEY-----\n', 'KEY-----\n\n'));
    const auth = sshAuth({ SSH_AUTH_SOCK: ' /tmp/agent.sock ' }, home, 'linux');
    expect(auth.agent).toBe('/tmp/agent.sock');
    expect(auth.privateKey?.toString('latin1')).toBe(opensshKey('none'));
  });

  it('without agent or keys on Linux it offers nothing; on Windows it uses the OpenSSH agent pipe', async () => {
    expect(sshAuth({}, home, 'linux')).toEqual({});
    await key('id_rsa', opensshKey('none'));
    const auth = sshAuth({ SSH_AUTH_SOCK: '' }, home, 'win32');
    expect(auth.agent).toBe('\\\\.\\pipe\\openssh-ssh-agent');
    expect(auth.privateKey?.toString('latin1')).toBe(opensshKey('none'));
  });
});
