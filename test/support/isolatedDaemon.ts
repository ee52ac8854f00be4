/**
 * A second, isolated dockerd for tests that must stop, restart or misconfigure a daemon without
 * disturbing anyone sharing the main one. It gets its own socket, data root, exec root, pidfile and —
 * essential — ITS OWN BRIDGE (a daemon told "bridge":"none" deleted the shared docker0 here once) and
 * NO IPTABLES (a daemon managing iptables wipes the main daemon's DOCKER chains when it starts).
 *
 *   const daemon = await startIsolatedDaemon({ runtimes: { nvidia: { path: 'runc' } } });
 *   process.env-free use: new Docker({ socketPath: daemon.socketPath }) or DOCKER_HOST=daemon.dockerHost
 *   await daemon.loadImage('facecraft:cpu');   // docker save | docker load from the main daemon
 *   await daemon.restart();                    // same data, same bridge
 *   await daemon.stop();                       // kills by pid, removes the bridge and every file
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { dockerCli } from './dockerCommand.ts';

export interface IsolatedDaemonOptions {
  /** Extra runtimes, e.g. a fake nvidia: { nvidia: { path: 'runc' } }. */
  runtimes?: Record<string, { path: string; runtimeArgs?: string[] }>;
  /** More daemon.json keys (never "bridge" or "iptables": always this daemon's own bridge, iptables off). */
  config?: Record<string, unknown>;
  /** More listeners besides the unix socket, e.g. tcp://127.0.0.1:PORT (with "tlsverify" etc. in config). */
  hosts?: string[];
  /** More environment for dockerd, e.g. HTTPS_PROXY (dockerd sends its registry traffic through it). */
  env?: Record<string, string>;
}

export interface IsolatedDaemon {
  socketPath: string;
  /** unix://… for DOCKER_HOST. */
  dockerHost: string;
  /** The bridge interface this daemon owns (e.g. fcbr3a7), with subnet `bridgeCidr`. */
  bridge: string;
  bridgeCidr: string;
  /** The dockerd pid now (changes on restart). */
  readonly pid: number;
  /** The daemon's log so far (for failure messages). */
  log(): string;
  /** Copies an image from the main daemon (docker save | docker load). */
  loadImage(reference: string): Promise<void>;
  /** Stops the daemon (keeps data and bridge) — the "Docker stopped" situation. */
  kill(): Promise<void>;
  /** Stops if running, then starts again with the same data, config and bridge. */
  restart(): Promise<void>;
  /** Stops the daemon, removes its bridge and every file. Safe to call twice. */
  stop(): Promise<void>;
}

function sh(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A bridge name (≤ 15 chars) and a /24 in 172.31.200–254 that no interface uses yet. */
function pickBridge(): { name: string; address: string; cidr: string } {
  const addresses = sh('ip', ['-4', '-o', 'addr', 'show']);
  const links = sh('ip', ['-o', 'link', 'show']);
  for (let attempt = 0; attempt < 200; attempt++) {
    const third = 200 + Math.floor(Math.random() * 55);
    const name = `fcbr${Math.random().toString(16).slice(2, 8)}`;
    if (addresses.includes(`172.31.${third}.`) || links.includes(`${name}:`)) continue;
    return { name, address: `172.31.${third}.1/24`, cidr: `172.31.${third}.0/24` };
  }
  throw new Error('no free 172.31.x.0/24 subnet for an isolated docker bridge');
}

/** Drops host iptables rules naming `bridge` (none with iptables off; left by daemons started before that). */
function removeIptablesRulesFor(bridge: string): void {
  for (const table of ['nat', 'filter']) {
    let rules: string[];
    try {
      rules = sh('iptables', ['-t', table, '-S']).split('\n');
    } catch {
      return;
    }
    for (const rule of rules) {
      if (!rule.startsWith('-A ') || !rule.split(' ').includes(bridge)) continue;
      try {
        execFileSync('iptables', ['-t', table, '-D', ...rule.slice(3).split(' ')], { stdio: 'ignore' });
      } catch {
        // already gone
      }
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startIsolatedDaemon(options: IsolatedDaemonOptions = {}): Promise<IsolatedDaemon> {
  // Short path: unix socket paths are limited to ~107 bytes.
  const dir = mkdtempSync('/tmp/fcd-');
  const socketPath = path.join(dir, 'docker.sock');
  const pidfile = path.join(dir, 'docker.pid');
  const logFile = path.join(dir, 'dockerd.log');
  const configFile = path.join(dir, 'daemon.json');
  const bridge = pickBridge();
  sh('ip', ['link', 'add', 'name', bridge.name, 'type', 'bridge']);
  sh('ip', ['addr', 'add', bridge.address, 'dev', bridge.name]);
  sh('ip', ['link', 'set', bridge.name, 'up']);
  // "iptables": false is essential too: a dockerd that manages iptables deletes and recreates the host's
  // shared DOCKER chains when it starts, wiping the main daemon's port rules (its next `docker run -p`
  // failed with "iptables: No chain/target/match by that name"). Published ports still work through
  // docker-proxy on 127.0.0.1; containers here get no outbound NAT, which no test needs.
  const config: Record<string, unknown> = { ...options.config, bridge: bridge.name, iptables: false };
  if (options.runtimes) config.runtimes = options.runtimes;
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  mkdirSync(path.join(dir, 'data'));
  mkdirSync(path.join(dir, 'exec'));

  let child: ChildProcess | null = null;
  let removed = false;

  const emergencyCleanup = () => {
    if (child?.pid && alive(child.pid)) process.kill(child.pid, 'SIGKILL');
    try {
      execFileSync('ip', ['link', 'del', bridge.name], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  };
  process.once('exit', emergencyCleanup);

  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');

  async function launch(): Promise<void> {
    const fd = openSync(logFile, 'a');
    child = spawn(
      'dockerd',
      [
        '-H',
        `unix://${socketPath}`,
        '--data-root',
        path.join(dir, 'data'),
        '--exec-root',
        path.join(dir, 'exec'),
        '--pidfile',
        pidfile,
        '--config-file',
        configFile,
        ...(options.hosts ?? []).flatMap((host) => ['-H', host]),
      ],
      { stdio: ['ignore', fd, fd], env: { ...process.env, ...options.env } },
    );
    closeSync(fd);
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await dockerCli(['version', '--format', '{{.Server.Version}}'], `unix://${socketPath}`);
        return;
      } catch {
        // not up yet
      }
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`isolated dockerd did not start:\n${log().slice(-3000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }

  async function kill(): Promise<void> {
    const current = child;
    if (!current?.pid || current.exitCode !== null) return;
    const exited = new Promise((resolve) => current.once('exit', resolve));
    process.kill(current.pid, 'SIGTERM');
    const timeout = new Promise((resolve) => setTimeout(resolve, 20_000));
    await Promise.race([exited, timeout]);
    if (current.exitCode === null && current.pid) process.kill(current.pid, 'SIGKILL');
  }

  await launch();

  return {
    socketPath,
    dockerHost: `unix://${socketPath}`,
    bridge: bridge.name,
    bridgeCidr: bridge.cidr,
    get pid() {
      return child?.pid ?? -1;
    },
    log,
    async loadImage(reference) {
      await new Promise<void>((resolve, reject) => {
        const env = { ...process.env };
        delete env.DOCKER_HOST;
        const save = spawn('docker', ['save', reference], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        const load = spawn('docker', ['-H', `unix://${socketPath}`, 'load', '-q'], {
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        save.stdout.pipe(load.stdin);
        let errors = '';
        save.stderr.on('data', (c: Buffer) => {
          errors += c.toString();
        });
        load.stderr.on('data', (c: Buffer) => {
          errors += c.toString();
        });
        load.on('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`loading ${reference} failed: ${errors}`)),
        );
      });
    },
    kill,
    async restart() {
      await kill();
      await launch();
    },
    async stop() {
      if (removed) return;
      removed = true;
      await kill();
      process.removeListener('exit', emergencyCleanup);
      try {
        sh('ip', ['link', 'del', bridge.name]);
      } catch {
        // already gone
      }
      removeIptablesRulesFor(bridge.name);
      // dockerd unmounts its overlays on a clean exit; anything left mounted would block rm.
      try {
        const mounts = readFileSync('/proc/self/mounts', 'utf8')
          .split('\n')
          .map((line) => line.split(' ')[1] ?? '')
          .filter((mount) => mount.startsWith(dir))
          .sort((a, b) => b.length - a.length);
        for (const mount of mounts) execFileSync('umount', ['-l', mount], { stdio: 'ignore' });
      } catch {
        // best effort
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
