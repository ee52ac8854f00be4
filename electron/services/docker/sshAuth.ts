/**
 * How an ssh:// Docker endpoint authenticates. The docker CLI runs the system `ssh`, which uses the
 * running agent and the default identity files; docker-modem uses ssh2, which uses neither unless told.
 * So: the agent (SSH_AUTH_SOCK, or Windows' OpenSSH agent pipe) and the first unencrypted default key.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface SshAuth {
  agent?: string;
  privateKey?: Buffer;
}

/** The CLI's `ssh` tries these in this order (ssh_config IdentityFile defaults). */
const DEFAULT_IDENTITIES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];
const WINDOWS_OPENSSH_AGENT = '\\\\.\\pipe\\openssh-ssh-agent';

/** A key ssh2 would refuse without a passphrase (it throws at connect); those are left to the agent. */
export function isEncryptedKey(text: string): boolean {
  if (/Proc-Type: 4,ENCRYPTED|BEGIN ENCRYPTED PRIVATE KEY/.test(text)) return true;
  const openssh = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(text);
  if (!openssh?.[1]) return false;
  // openssh-key-v1\0, then the cipher name as a uint32-length string: "none" when unencrypted.
  const body = Buffer.from(openssh[1].replace(/\s+/g, ''), 'base64');
  const magic = 'openssh-key-v1\0'.length;
  if (body.length < magic + 4) return false;
  const length = body.readUInt32BE(magic);
  return body.subarray(magic + 4, magic + 4 + length).toString('latin1') !== 'none';
}

export function sshAuth(
  env: Record<string, string | undefined>,
  homeDir: string,
  platform: NodeJS.Platform,
): SshAuth {
  const auth: SshAuth = {};
  const agent = env.SSH_AUTH_SOCK?.trim() || (platform === 'win32' ? WINDOWS_OPENSSH_AGENT : '');
  if (agent) auth.agent = agent;
  for (const name of DEFAULT_IDENTITIES) {
    try {
      const key = readFileSync(path.join(homeDir, '.ssh', name));
      if (isEncryptedKey(key.toString('latin1'))) continue;
      auth.privateKey = key;
      break;
    } catch {
      // no such key: try the next
    }
  }
  return auth;
}
