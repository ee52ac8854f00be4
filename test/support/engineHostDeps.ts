/**
 * The engine (docker/) is its own npm package, installed apart from the app so that users'
 * `npm install` never compiles dlib. The stage tests run on the host too, so `npm test` installs
 * it here when its lockfile changed, and builds the native addon.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function npm(cwd: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync('npm', args, { cwd, stdio: 'inherit', env });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed in ${cwd} (exit ${result.status})`);
}

export function ensureEngineHostDeps(root: string): void {
  const engine = path.join(root, 'docker');
  const lock = readFileSync(path.join(engine, 'package-lock.json'));
  const stamp = path.join(engine, 'node_modules', '.facecraft-lock-sha256');
  const digest = createHash('sha256').update(lock).digest('hex');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== digest) {
    console.log('=== installing the engine package (docker/) for the host stage tests');
    // The CPU libraries ship inside onnxruntime-node; its installer would only try the network.
    npm(engine, ['ci', '--no-audit', '--no-fund'], { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' });
    writeFileSync(stamp, digest);
  }
  const pkg = JSON.parse(readFileSync(path.join(engine, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  if (pkg.scripts?.['prepare:host']) npm(engine, ['run', 'prepare:host']);
}
