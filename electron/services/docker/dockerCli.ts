/**
 * Whether a docker CLI exists anywhere we would expect it. Only used to tell "not installed" from
 * "installed but not running"; apps started from a desktop do not inherit the shell's PATH, so the
 * usual install folders are searched too.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

const EXTRA_DIRS: Record<string, string[]> = {
  darwin: ['/usr/local/bin', '/opt/homebrew/bin', '/Applications/Docker.app/Contents/Resources/bin'],
  win32: ['C:\\Program Files\\Docker\\Docker\\resources\\bin'],
  linux: ['/usr/bin', '/usr/local/bin', '/snap/bin'],
};

export function dockerCliFound(env: Record<string, string | undefined>, platform: NodeJS.Platform): boolean {
  const separator = platform === 'win32' ? ';' : ':';
  const dirs = [...(env.PATH ?? env.Path ?? '').split(separator), ...(EXTRA_DIRS[platform] ?? [])].filter(
    Boolean,
  );
  const names = platform === 'win32' ? ['docker.exe'] : ['docker'];
  return dirs.some((dir) => names.some((name) => existsSync(path.join(dir, name))));
}
