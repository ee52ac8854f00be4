/**
 * Finds the Docker daemon the way the docker CLI does, because docker-modem alone ignores docker
 * contexts and Docker Desktop's per-user socket: DOCKER_HOST, then DOCKER_CONTEXT / the current
 * context in ~/.docker/config.json, then the default sockets.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { sshAuth } from './sshAuth.ts';

export interface EndpointEnvironment {
  /** Usually process.env; tests pass their own. */
  env: Record<string, string | undefined>;
  /** Where ~/.docker lives; tests pass a temporary HOME. */
  homeDir: string;
  platform: NodeJS.Platform;
}

export interface DockerEndpoint {
  /** As the docker CLI writes it, e.g. unix:///var/run/docker.sock, tcp://10.0.0.5:2376. */
  url: string;
  /** How it was found: 'DOCKER_HOST', 'context NAME', or 'default socket'. */
  source: string;
  /** The local socket or pipe, when the endpoint is one (null for tcp/ssh). */
  socketPath: string | null;
  /** Options for `new Docker(...)`. Every connection field is set so docker-modem's own env defaults never leak in. */
  options: Docker.DockerOptions;
}

export function defaultEndpointEnvironment(): EndpointEnvironment {
  return {
    env: process.env,
    homeDir: process.env.HOME ?? process.env.USERPROFILE ?? '',
    platform: process.platform,
  };
}

/** Resolves the endpoint; always answers one (the platform default when nothing else is configured). */
export function resolveDockerEndpoint(environment: Partial<EndpointEnvironment> = {}): DockerEndpoint {
  const envir = { ...defaultEndpointEnvironment(), ...environment };
  const { env } = envir;
  const dockerHost = env.DOCKER_HOST?.trim();
  if (dockerHost) return endpointFromHost(dockerHost, 'DOCKER_HOST', envir, tlsFromEnv(env));

  const context = currentContextName(envir);
  if (context && context !== 'default') {
    const found = contextEndpoint(configDir(envir), context);
    // The context's own TLS material, never DOCKER_TLS_VERIFY / DOCKER_CERT_PATH (the CLI ignores those here).
    if (found) return endpointFromHost(found.host, `context ${context}`, envir, found.tls);
  }

  for (const candidate of defaultSockets(envir)) {
    if (existsSync(candidate)) return socketEndpoint(candidate, 'default socket');
  }
  const fallback = envir.platform === 'win32' ? '//./pipe/docker_engine' : '/var/run/docker.sock';
  return socketEndpoint(fallback, 'default socket');
}

/** Sockets the CLI and Docker Desktop use, most specific first. */
export function defaultSockets(envir: EndpointEnvironment): string[] {
  if (envir.platform === 'win32') return ['//./pipe/docker_engine'];
  return [path.join(envir.homeDir, '.docker', 'run', 'docker.sock'), '/var/run/docker.sock'];
}

/** ~/.docker, or DOCKER_CONFIG: config.json and contexts/ both live there. */
function configDir(envir: EndpointEnvironment): string {
  return envir.env.DOCKER_CONFIG || path.join(envir.homeDir, '.docker');
}

function currentContextName(envir: EndpointEnvironment): string | null {
  const fromEnv = envir.env.DOCKER_CONTEXT?.trim();
  if (fromEnv) return fromEnv;
  try {
    const config = JSON.parse(readFileSync(path.join(configDir(envir), 'config.json'), 'utf8')) as {
      currentContext?: unknown;
    };
    return typeof config.currentContext === 'string' && config.currentContext ? config.currentContext : null;
  } catch {
    return null;
  }
}

/** Client certificates and the CA for a tcp:// endpoint; null when plain (or unset) TLS material. */
interface TlsMaterial {
  /** Whether TLS is required even on a port other than 2376. */
  verify: boolean;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

function readPems(dir: string, verify: boolean): TlsMaterial {
  const read = (name: string) => {
    try {
      return readFileSync(path.join(dir, name));
    } catch {
      return undefined;
    }
  };
  const material: TlsMaterial = { verify };
  for (const name of ['ca', 'cert', 'key'] as const) {
    const pem = read(`${name}.pem`);
    if (pem) material[name] = pem;
  }
  return material;
}

function tlsFromEnv(env: Record<string, string | undefined>): TlsMaterial {
  const verify =
    env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '' && env.DOCKER_TLS_VERIFY !== '0';
  const certPath = env.DOCKER_CERT_PATH;
  return certPath ? readPems(certPath, verify) : { verify };
}

/**
 * Context metadata lives in contexts/meta/<id>/meta.json and its TLS files in contexts/tls/<id>/docker/
 * (ca.pem, cert.pem, key.pem), where <id> is sha256(name); scanning avoids depending on the hash.
 */
function contextEndpoint(dockerDir: string, name: string): { host: string; tls: TlsMaterial } | null {
  const metaRoot = path.join(dockerDir, 'contexts', 'meta');
  let entries: string[];
  try {
    entries = readdirSync(metaRoot);
  } catch {
    return null;
  }
  for (const entry of entries) {
    try {
      const meta = JSON.parse(readFileSync(path.join(metaRoot, entry, 'meta.json'), 'utf8')) as {
        Name?: string;
        Endpoints?: { docker?: { Host?: string } };
      };
      const host = meta.Endpoints?.docker?.Host;
      if (meta.Name !== name || !host) continue;
      const tlsDir = path.join(dockerDir, 'contexts', 'tls', entry, 'docker');
      // A context made with --docker "host=…,ca=…,cert=…,key=…" has its files here: that is what means TLS.
      return { host, tls: readPems(tlsDir, existsSync(tlsDir)) };
    } catch {
      // An unreadable context is skipped, as the CLI would fail on it only when selected.
    }
  }
  return null;
}

function socketEndpoint(socketPath: string, source: string): DockerEndpoint {
  const url = socketPath.startsWith('//./pipe/') ? `npipe://${socketPath}` : `unix://${socketPath}`;
  return {
    url,
    source,
    socketPath,
    options: { socketPath, host: undefined, port: undefined, protocol: undefined },
  };
}

function endpointFromHost(
  host: string,
  source: string,
  envir: EndpointEnvironment,
  tls: TlsMaterial,
): DockerEndpoint {
  if (host.startsWith('unix://'))
    return socketEndpoint(host.slice('unix://'.length) || '/var/run/docker.sock', source);
  if (host.startsWith('npipe://'))
    return socketEndpoint(host.slice('npipe://'.length) || '//./pipe/docker_engine', source);
  const normalized = host.includes('://') ? host : `tcp://${host}`;
  const parsed = new URL(normalized);
  if (parsed.protocol === 'ssh:') {
    return {
      url: normalized,
      source,
      socketPath: null,
      options: {
        socketPath: undefined,
        host: parsed.hostname,
        port: parsed.port || 22,
        protocol: 'ssh',
        username: parsed.username || undefined,
        sshOptions: sshAuth(envir.env, envir.homeDir, envir.platform),
      },
    };
  }
  const port = parsed.port || (tls.verify ? '2376' : '2375');
  const useTls = tls.verify || port === '2376';
  const options: Docker.DockerOptions = {
    socketPath: undefined,
    host: parsed.hostname,
    port,
    protocol: useTls ? 'https' : 'http',
  };
  if (useTls) {
    if (tls.ca) options.ca = tls.ca;
    if (tls.cert) options.cert = tls.cert;
    if (tls.key) options.key = tls.key;
  }
  return { url: `tcp://${parsed.hostname}:${port}`, source, socketPath: null, options };
}
