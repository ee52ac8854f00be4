/**
 * A real local registry for pull tests: Debian's `docker-registry` (distribution 2.8) on a free
 * 127.0.0.1 port with a temporary storage folder. Docker treats 127.0.0.0/8 registries as insecure by
 * default, so plain HTTP works without daemon configuration.
 *
 *   const registry = await startLocalRegistry();
 *   const ref = await registry.push('facecraft:cpu', 'facecraft:cpu');   // → '127.0.0.1:PORT/facecraft:cpu'
 *   const layers = await registry.layerSizes(ref);                         // compressed sizes from the manifest
 *   await registry.stop();
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dockerCli, freePort } from './dockerCommand.ts';

export interface LocalRegistry {
  /** e.g. 127.0.0.1:41234 — prefix of every reference pushed here. */
  host: string;
  port: number;
  storageDir: string;
  /**
   * Copies `localImage` (present on the daemon at `dockerHost`, default the main one) into the registry as
   * `repoTag`; answers the full reference. The temporary registry tag on the daemon is removed again.
   */
  push(localImage: string, repoTag: string, dockerHost?: string): Promise<string>;
  /** The compressed layer sizes the registry's manifest lists for `reference` (host/repo:tag). */
  layerSizes(reference: string): Promise<number[]>;
  stop(): Promise<void>;
}

export async function startLocalRegistry(): Promise<LocalRegistry> {
  const dir = mkdtempSync(path.join(tmpdir(), 'fc-registry-'));
  const storageDir = path.join(dir, 'storage');
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const config = path.join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: error',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${storageDir}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: ${host}`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('/usr/bin/docker-registry', ['serve', config], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const response = await fetch(`http://${host}/v2/`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`docker-registry did not start on ${host}: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    host,
    port,
    storageDir,
    async push(localImage, repoTag, dockerHost) {
      const reference = `${host}/${repoTag}`;
      await dockerCli(['tag', localImage, reference], dockerHost);
      try {
        await dockerCli(['push', reference], dockerHost);
      } finally {
        // When `localImage` was re-tagged meanwhile (someone rebuilt it), this is the image's last tag and a
        // running container may hold the image: -f then only untags, it never stops that container.
        await dockerCli(['rmi', reference], dockerHost)
          .catch(() => dockerCli(['rmi', '-f', reference], dockerHost))
          .catch(() => undefined);
      }
      return reference;
    },
    async layerSizes(reference) {
      const [, rest = ''] = reference.split(`${host}/`);
      const colon = rest.lastIndexOf(':');
      const repo = rest.slice(0, colon);
      const tag = rest.slice(colon + 1);
      const response = await fetch(`http://${host}/v2/${repo}/manifests/${tag}`, {
        headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
      });
      const manifest = (await response.json()) as { layers?: { size: number }[] };
      return (manifest.layers ?? []).map((layer) => layer.size);
    },
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
