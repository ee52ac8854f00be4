/** Turns the cryptic socket and daemon errors into sentences a person can act on. */
import type { DockerState, DockerStateKind } from '../../../contract/domain.ts';
import { type ErrorCode, FacecraftError } from '../../../contract/errors.ts';
import type { DockerEndpoint } from './dockerEndpoint.ts';

export function errorCodeOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** Which unhappy state a failed connection means. `cliFound` tells installed-but-stopped from not installed. */
export function classifyConnectionError(
  error: unknown,
  endpoint: DockerEndpoint,
  cliFound: boolean,
): { state: Exclude<DockerStateKind, 'ready' | 'checking' | 'unsupported-version'>; message: string } {
  const code = errorCodeOf(error);
  const where = endpoint.url;
  if (code === 'EACCES' || code === 'EPERM') {
    return {
      state: 'permission-denied',
      message:
        `Docker is running, but this user may not use it (permission denied on ${where}). ` +
        'On Linux, add yourself to the docker group with "sudo usermod -aG docker $USER", then log out and back in (or restart the computer).',
    };
  }
  const socketMissing = code === 'ENOENT';
  if (socketMissing && !cliFound && endpoint.source === 'default socket') {
    return {
      state: 'not-installed',
      message:
        'Docker is not installed. Install Docker Desktop (Windows, macOS) or Docker Engine (Linux) from https://docs.docker.com/get-docker/, start it, then try again.',
    };
  }
  const remote = endpoint.socketPath === null;
  return {
    state: 'not-running',
    message: remote
      ? `Docker did not answer at ${where} (${endpoint.source}). Check that the remote daemon is running and reachable, or unset DOCKER_HOST / switch the docker context.`
      : `Docker is not running (nothing answers at ${where}, found via ${endpoint.source}). Start Docker Desktop, or on Linux run "sudo systemctl start docker", then try again.${
          endpoint.source === 'default socket'
            ? ''
            : ` If Docker runs elsewhere, correct ${endpoint.source === 'DOCKER_HOST' ? 'DOCKER_HOST' : 'the docker context'}.`
        }`,
  };
}

/** The error code of each unhappy Docker state: the one mapping from what the daemon said to what callers catch. */
const STATE_ERRORS: Record<Exclude<DockerStateKind, 'ready' | 'checking'>, ErrorCode> = {
  'permission-denied': 'docker-permission-denied',
  'not-installed': 'docker-not-installed',
  'unsupported-version': 'docker-unsupported-version',
  'not-running': 'docker-not-running',
};

/** A Docker state that is not ready, as the FacecraftError carrying its sentence. */
export function dockerStateError(state: DockerState): FacecraftError {
  const code =
    state.state === 'ready' || state.state === 'checking' ? 'docker-not-running' : STATE_ERRORS[state.state];
  return new FacecraftError(code, state.message);
}

/** Disk full shows up in pulls, builds and container starts alike. */
export function isDiskFull(text: string): boolean {
  return /no space left on device/i.test(text);
}

export function diskFullError(cause?: unknown): FacecraftError {
  return new FacecraftError(
    'disk-full',
    'The disk Docker stores images on is full ("no space left on device"). Free some space (e.g. "docker system prune") and try again.',
    { cause },
  );
}
