/**
 * The Docker connection against real daemons: endpoint resolution (DOCKER_HOST, contexts from a temporary
 * HOME, Docker Desktop's per-user socket), the unhappy states with their sentences, and the /events watch
 * that notices a daemon stopping and reconnects when it comes back.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DockerState } from '../../../../../contract/domain.ts';
import { DockerDaemon, type EngineContainerEvent } from '../../../../../electron/services/docker/index.ts';
import { type IsolatedDaemon, startIsolatedDaemon } from '../../../../support/isolatedDaemon.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../../../..');
let home: string;

beforeAll(() => {
  home = mkdtempSync(path.join(tmpdir(), 'fc-home-'));
});
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});

function writeContext(homeDir: string, name: string, host: string): void {
  const metaDir = path.join(homeDir, '.docker', 'contexts', 'meta', `hash-of-${name}`);
  mkdirSync(metaDir, { recursive: true });
  writeFileSync(
    path.join(metaDir, 'meta.json'),
    JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }),
  );
}

describe('Docker endpoint and state', () => {
  it('DOCKER_HOST at a dead socket is "not running" with a sentence saying what to do', async () => {
    const dead = path.join(home, 'dead.sock');
    const engine = new DockerDaemon({
      environment: { env: { DOCKER_HOST: `unix://${dead}` }, homeDir: home },
    });
    const state = await engine.check();
    expect(state.state).toBe('not-running');
    expect(state.endpoint).toBe(`unix://${dead}`);
    expect(state.endpointSource).toBe('DOCKER_HOST');
    expect(state.message).toMatch(/Docker is not running/);
    expect(state.message).toMatch(/Start Docker Desktop|systemctl start docker/);
    expect(state.message).not.toMatch(/ENOENT|ECONNREFUSED/);
    await expect(engine.client()).rejects.toMatchObject({ code: 'docker-not-running' });
  });

  it('a socket nobody listens on (connection refused) is "not running" too', async () => {
    const socket = path.join(home, 'refused.sock');
    // A socket file nobody listens on is what a crashed daemon leaves behind: connect answers ECONNREFUSED.
    const stale = spawnSync('python3', [
      '-c',
      `import socket; s=socket.socket(socket.AF_UNIX); s.bind(${JSON.stringify(socket)})`,
    ]);
    expect(stale.status).toBe(0);
    const engine = new DockerDaemon({
      environment: { env: { DOCKER_HOST: `unix://${socket}` }, homeDir: home },
    });
    const state = await engine.check();
    expect(state.state).toBe('not-running');
    expect(state.message).toMatch(/Docker is not running/);
  });

  it('the current context from ~/.docker/config.json (temporary HOME) picks the context endpoint', async () => {
    const contextHome = mkdtempSync(path.join(tmpdir(), 'fc-home-ctx-'));
    try {
      writeContext(contextHome, 'facecraft-ctx', 'unix:///var/run/docker.sock');
      writeContext(contextHome, 'other', `unix://${path.join(contextHome, 'nothing.sock')}`);
      writeFileSync(
        path.join(contextHome, '.docker', 'config.json'),
        JSON.stringify({ currentContext: 'facecraft-ctx' }),
      );
      const engine = new DockerDaemon({ environment: { env: {}, homeDir: contextHome } });
      const state = await engine.check();
      expect(state.state).toBe('ready');
      expect(state.endpointSource).toBe('context facecraft-ctx');
      expect(state.endpoint).toBe('unix:///var/run/docker.sock');
      expect(state.version).toMatch(/^\d+\.\d+/);
      expect(state.os).toBeTruthy();

      // DOCKER_CONTEXT wins over config.json, as with the CLI.
      const other = new DockerDaemon({
        environment: { env: { DOCKER_CONTEXT: 'other' }, homeDir: contextHome },
      });
      const otherState = await other.check();
      expect(otherState.endpointSource).toBe('context other');
      expect(otherState.state).toBe('not-running');
    } finally {
      rmSync(contextHome, { recursive: true, force: true });
    }
  });

  it("Docker Desktop's ~/.docker/run/docker.sock is preferred over /var/run/docker.sock", async () => {
    const desktopHome = mkdtempSync(path.join(tmpdir(), 'fc-home-desk-'));
    try {
      mkdirSync(path.join(desktopHome, '.docker', 'run'), { recursive: true });
      symlinkSync('/var/run/docker.sock', path.join(desktopHome, '.docker', 'run', 'docker.sock'));
      const engine = new DockerDaemon({ environment: { env: {}, homeDir: desktopHome } });
      const state = await engine.check();
      expect(state.state).toBe('ready');
      expect(state.endpoint).toBe(`unix://${path.join(desktopHome, '.docker', 'run', 'docker.sock')}`);
      expect(state.endpointSource).toBe('default socket');
    } finally {
      rmSync(desktopHome, { recursive: true, force: true });
    }
  });

  it('a user outside the docker group gets "permission denied" with the docker group instructions (real socket, run as nobody)', () => {
    // Root may open any socket, so the check runs in a child process as uid 65534 against the real
    // /var/run/docker.sock (root:docker, mode 660). The node binary is linked where nobody can reach it.
    const dir = mkdtempSync(path.join(tmpdir(), 'fc-nobody-'));
    try {
      chmodSync(dir, 0o755);
      const node = path.join(dir, 'node');
      try {
        linkSync(process.execPath, node);
      } catch {
        copyFileSync(process.execPath, node);
      }
      chmodSync(node, 0o755);
      const script = path.join(dir, 'check.ts');
      writeFileSync(
        script,
        `import { DockerDaemon } from ${JSON.stringify(path.join(repoRoot, 'electron/services/docker/index.ts'))};\n` +
          `const engine = new DockerDaemon({ environment: { env: { PATH: '/usr/bin' }, homeDir: ${JSON.stringify(dir)} } });\n` +
          'console.log(JSON.stringify(await engine.check()));\n',
      );
      chmodSync(script, 0o644);
      const result = spawnSync(node, [script], {
        uid: 65534,
        gid: 65534,
        encoding: 'utf8',
        cwd: dir,
        env: { PATH: '/usr/bin' },
      });
      expect(result.stderr).not.toMatch(/Error:/);
      const state = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as DockerState;
      expect(state.state).toBe('permission-denied');
      expect(state.message).toMatch(/usermod -aG docker/);
      expect(state.message).toMatch(/log out and back in/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an engine answering API 1.39 is "unsupported-version" (a stand-in /version server: no old Docker can be installed here)', async () => {
    const socket = path.join(home, 'old-docker.sock');
    const http = await import('node:http');
    const server = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith('/version'))
        res.end(JSON.stringify({ Version: '18.09.9', ApiVersion: '1.39', Os: 'linux' }));
      else if (req.url?.startsWith('/info'))
        res.end(JSON.stringify({ ID: 'old', OperatingSystem: 'Ubuntu 18.04' }));
      else res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      const engine = new DockerDaemon({
        environment: { env: { DOCKER_HOST: `unix://${socket}` }, homeDir: home },
      });
      const state = await engine.check();
      expect(state.state).toBe('unsupported-version');
      expect(state.message).toMatch(/too old/);
      expect(state.message).toMatch(/19\.03/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('watching an isolated daemon', () => {
  let daemon: IsolatedDaemon;

  beforeAll(async () => {
    daemon = await startIsolatedDaemon();
    await daemon.loadImage('debian:bookworm-slim');
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it('reports our container events, notices the daemon stopping and reconnects when it is back', async () => {
    const engine = new DockerDaemon({
      environment: { env: { DOCKER_HOST: daemon.dockerHost }, homeDir: home },
      reconnectDelayMs: 200,
    });
    const states: DockerState[] = [];
    const events: EngineContainerEvent[] = [];
    engine.onState((s) => states.push(s));
    engine.onContainerEvent((e) => events.push(e));
    expect((await engine.check()).state).toBe('ready');
    engine.watch();
    try {
      const docker = new Docker({ socketPath: daemon.socketPath });
      // Give the watch a moment to subscribe, then start a labelled and an unlabelled container.
      await waitFor(async () => (await docker.ping()) !== undefined);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const labelled = await docker.createContainer({
        Image: 'debian:bookworm-slim',
        Cmd: ['true'],
        Labels: { app: 'facecraft-desktop' },
      });
      const unlabelled = await docker.createContainer({ Image: 'debian:bookworm-slim', Cmd: ['true'] });
      await labelled.start();
      await unlabelled.start();
      await waitFor(() => events.some((e) => e.action === 'die' && e.containerId === labelled.id));
      expect(events.find((e) => e.action === 'die' && e.containerId === labelled.id)?.exitCode).toBe(0);
      expect(events.some((e) => e.containerId === unlabelled.id)).toBe(false);

      // A second connection that is not watching still holds its "ready" client when the daemon stops.
      const unwatched = new DockerDaemon({
        environment: { env: { DOCKER_HOST: daemon.dockerHost }, homeDir: home },
      });
      expect((await unwatched.check()).state).toBe('ready');

      await daemon.kill();
      await waitFor(() => engine.state.state === 'not-running');
      expect(engine.state.message).toMatch(/Docker is not running/);
      const lost = await unwatched.use((docker) => docker.listContainers()).catch((e: unknown) => e);
      expect(lost).toMatchObject({ code: 'docker-connection-lost' });
      expect((lost as Error).message).toMatch(/The connection to Docker was lost\. Docker is not running/);
      expect(unwatched.state.state).toBe('not-running');
      expect(engine.state.message).toMatch(/Docker is not running/);

      await daemon.restart();
      await waitFor(() => engine.state.state === 'ready');
      expect(states.map((s) => s.state)).toEqual(expect.arrayContaining(['ready', 'not-running']));
      expect(states.at(-1)?.state).toBe('ready');
    } finally {
      engine.close();
    }
  });
});

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await condition()) return;
    } catch {
      // keep waiting
    }
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
