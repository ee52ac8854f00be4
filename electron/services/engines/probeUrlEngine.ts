/**
 * Tests an engine URL with its API key on the spot, the way the Engines view and `doctor` need it:
 * is something there (and over a TLS connection this computer trusts), does it accept the key, what
 * kind of engine is it, on which device, which version, ready or not. Each failure gets its own code
 * and sentence: a refused key, a TLS problem, an unreachable host, plain HTTP to a public address.
 * URL engines are someone else's: nothing here starts or stops anything.
 */
import { API_KEY_HEADER, type ReadyResponse, type StatusResponse } from '../../../contract/engineApi.ts';
import type { UrlEngineKind, UrlEngineReport } from '../../../contract/engines.ts';
import { FacecraftError } from '../../../contract/errors.ts';
import { errorCodeChain, isAbort } from '../engineClient/engineErrors.ts';
import { engineProfile, urlEngineKind } from '../engineKind/engineKind.ts';
import { unavailableOptions } from '../engineKind/optionAvailability.ts';
import { checkEngineAddress, type ResolveHost } from './urlEngineAddress.ts';

export type { UrlEngineKind, UrlEngineReport };

export interface ProbeOptions {
  /** Per request; a GPU server across the world may take a moment. */
  timeoutMs?: number;
  resolve?: ResolveHost;
  signal?: AbortSignal;
}

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|EPROTO$)|CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;

function kindOf(status: StatusResponse): UrlEngineKind {
  const remover = status.models?.background_remover?.type ?? '';
  if (remover.startsWith('isnet')) return 'facecraft';
  if (remover.startsWith('u2net')) return 'published';
  return 'unknown';
}

async function get(
  url: string,
  path: string,
  apiKey: string | null,
  options: ProbeOptions,
): Promise<Response> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 10_000);
  try {
    return await fetch(`${url}${path}`, {
      headers: apiKey
        ? { [API_KEY_HEADER]: apiKey, accept: 'application/json' }
        : { accept: 'application/json' },
      redirect: 'manual',
      signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
    });
  } catch (error) {
    if (options.signal?.aborted) throw new FacecraftError('cancelled', 'Cancelled.');
    if (isAbort(error)) {
      throw new FacecraftError(
        'engine-unreachable',
        `The engine at ${url} did not answer within ${Math.round((options.timeoutMs ?? 10_000) / 1000)} s. Check the address, and that a firewall lets this computer through.`,
        { cause: error },
      );
    }
    const codes = errorCodeChain(error);
    const tls = codes.find((code) => TLS_CODE.test(code));
    if (tls) {
      throw new FacecraftError(
        'engine-tls-failed',
        `The secure connection to ${url} failed (${tls}): its certificate is not one this computer trusts for that name, or it does not speak HTTPS there. Fix the server's certificate, or add its authority to this computer's trusted ones.`,
        { cause: error },
      );
    }
    const code = codes.find((item) => item !== 'UND_ERR_SOCKET') ?? codes[0];
    throw new FacecraftError(
      'engine-unreachable',
      `Nothing answers at ${url}${code ? ` (${code})` : ''}. Check the address and the port, and that the engine is running there.`,
      { cause: error },
    );
  }
}

async function jsonOf<T>(response: Response, url: string, path: string): Promise<T> {
  try {
    return (await response.json()) as T;
  } catch {
    throw new FacecraftError(
      'engine-rejected',
      `${url} answers ${path}, but not as a Facecraft engine does (no JSON). Check the address.`,
    );
  }
}

export async function probeUrlEngine(
  address: string,
  apiKey: string | null,
  options: ProbeOptions = {},
): Promise<UrlEngineReport> {
  const { url, plainHttp } = await checkEngineAddress(address, options.resolve);
  const health = await get(url, '/health', null, options);
  if (!health.ok) {
    throw new FacecraftError(
      'engine-rejected',
      `${url} answers, but not as a Facecraft engine (/health: HTTP ${health.status}). Check the address.`,
    );
  }
  await jsonOf(health, url, '/health');
  const status = await get(url, '/status', apiKey, options);
  if (status.status === 401 || status.status === 403) {
    throw new FacecraftError(
      'engine-key-refused',
      apiKey
        ? `The engine at ${url} refused the API key (HTTP ${status.status}). Ask whoever runs it for the current key.`
        : `The engine at ${url} needs an API key (HTTP ${status.status}). Ask whoever runs it for the key.`,
    );
  }
  if (!status.ok) {
    throw new FacecraftError(
      'engine-rejected',
      `The engine at ${url} answered /status with HTTP ${status.status}.`,
    );
  }
  const body = await jsonOf<StatusResponse>(status, url, '/status');
  if (typeof body.version !== 'string' || typeof body.device?.type !== 'string') {
    throw new FacecraftError(
      'engine-rejected',
      `${url} answers /status, but not with a Facecraft engine's status.`,
    );
  }
  const ready = await get(url, '/ready', apiKey, options);
  const readyBody = ready.ok ? await jsonOf<ReadyResponse>(ready, url, '/ready') : null;
  return {
    url,
    plainHttp,
    kind: kindOf(body),
    version: body.version,
    device: body.device,
    ready: readyBody?.ready === true,
    unavailableOptions: unavailableOptions(engineProfile(urlEngineKind(kindOf(body))), body),
  };
}
