/**
 * Finds the Docker daemon the way the docker CLI does, because docker-modem alone ignores docker
 * contexts and Docker Desktop's per-user socket: DOCKER_HOST, then DOCKER_CONTEXT / the current
 * context in ~/.docker/config.json, then the default sockets.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';

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
  if (dockerHost) return endpointFromHost(dockerHost, 'DOCKER_HOST', env);

  const context = currentContextName(envir);
  if (context && context !== 'default') {
    const host = contextHost(envir.homeDir, context);
    if (host) return endpointFromHost(host, `context ${context}`, {});
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

function currentContextName(envir: EndpointEnvironment): string | null {
  const fromEnv = envir.env.DOCKER_CONTEXT?.trim();
  if (fromEnv) return fromEnv;
  const configDir = envir.env.DOCKER_CONFIG || path.join(envir.homeDir, '.docker');
  try {
    const config = JSON.parse(readFileSync(path.join(configDir, 'config.json'), 'utf8')) as {
      currentContext?: unknown;
    };
    return typeof config.currentContext === 'string' && config.currentContext ? config.currentContext : null;
  } catch {
    return null;
  }
}

/** Context metadata lives in ~/.docker/contexts/meta/<sha256(name)>/meta.json; scanning avoids depending on the hash. */
function contextHost(homeDir: string, name: string): string | null {
  const metaRoot = path.join(homeDir, '.docker', 'contexts', 'meta');
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
      if (meta.Name === name && meta.Endpoints?.docker?.Host) return meta.Endpoints.docker.Host;
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
  env: Record<string, string | undefined>,
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
        sshOptions: { agent: env.SSH_AUTH_SOCK },
      },
    };
  }
  const tlsVerify =
    env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '' && env.DOCKER_TLS_VERIFY !== '0';
  const port = parsed.port || (tlsVerify ? '2376' : '2375');
  const useTls = tlsVerify || port === '2376';
  const options: Docker.DockerOptions = {
    socketPath: undefined,
    host: parsed.hostname,
    port,
    protocol: useTls ? 'https' : 'http',
  };
  const certPath = env.DOCKER_CERT_PATH;
  if (useTls && certPath) {
    options.ca = readFileSync(path.join(certPath, 'ca.pem'));
    options.cert = readFileSync(path.join(certPath, 'cert.pem'));
    options.key = readFileSync(path.join(certPath, 'key.pem'));
  }
  return { url: `tcp://${parsed.hostname}:${port}`, source, socketPath: null, options };
}
