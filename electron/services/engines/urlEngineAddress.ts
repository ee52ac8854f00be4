/**
 * Whether the app may talk to an engine URL someone else runs: HTTPS anywhere; plain HTTP only to
 * this computer and private networks, where the API key and the photos do not cross the internet.
 * A host name counts as private only when every address it resolves to is.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { FacecraftError } from '../../../contract/errors.ts';

/** Loopback, RFC 1918, link-local, carrier-grade NAT; IPv6 loopback, unique-local, link-local. */
const PRIVATE_NETWORKS = new BlockList();
PRIVATE_NETWORKS.addSubnet('127.0.0.0', 8, 'ipv4');
PRIVATE_NETWORKS.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE_NETWORKS.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE_NETWORKS.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE_NETWORKS.addSubnet('169.254.0.0', 16, 'ipv4');
PRIVATE_NETWORKS.addSubnet('100.64.0.0', 10, 'ipv4');
PRIVATE_NETWORKS.addAddress('::1', 'ipv6');
PRIVATE_NETWORKS.addSubnet('fc00::', 7, 'ipv6');
PRIVATE_NETWORKS.addSubnet('fe80::', 10, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  // IPv4-mapped IPv6 (::ffff:10.0.0.1) is the IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return PRIVATE_NETWORKS.check(mapped, 'ipv4');
  return PRIVATE_NETWORKS.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

export interface EngineAddress {
  /** Normalised, without a trailing slash: https://engines.example.com or http://10.0.0.5:8000 */
  url: string;
  /** True for http:// (allowed because every address is private). */
  plainHttp: boolean;
}

export type ResolveHost = (host: string) => Promise<string[]>;

const resolveWithDns: ResolveHost = async (host) =>
  (await lookup(host, { all: true })).map((entry) => entry.address);

/**
 * The written form of an engine URL, checked without the network (the settings file, the Engines
 * view, the CLI): http(s), no user, password, query or fragment. Throws invalid-argument.
 */
export function parseEngineAddress(text: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(text.trim());
  } catch {
    throw new FacecraftError(
      'invalid-argument',
      `"${text}" is not an engine address. Write it like https://engines.example.com or http://192.168.1.20:8000.`,
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new FacecraftError(
      'invalid-argument',
      `An engine address starts with https:// or http://, not ${parsed.protocol}//.`,
    );
  }
  if (parsed.username || parsed.password || parsed.search || parsed.hash) {
    throw new FacecraftError(
      'invalid-argument',
      'An engine address has no user, password, query or fragment: give the API key separately.',
    );
  }
  return parsed;
}

/** The one spelling of an engine URL (also its id): origin and path, no trailing slash. */
export function normalizedEngineUrl(parsed: URL): string {
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}

/** Checks an engine URL as typed by a person; throws invalid-argument or engine-url-insecure. */
export async function checkEngineAddress(
  text: string,
  resolve: ResolveHost = resolveWithDns,
): Promise<EngineAddress> {
  const parsed = parseEngineAddress(text);
  const url = normalizedEngineUrl(parsed);
  if (parsed.protocol === 'https:') return { url, plainHttp: false };

  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await resolve(host);
  } catch (error) {
    throw new FacecraftError(
      'engine-unreachable',
      `The engine host ${host} could not be found (${(error as { code?: string }).code ?? 'no address'}). Check the address.`,
      { cause: error },
    );
  }
  const publicAddress = addresses.find((address) => !isPrivateAddress(address));
  if (addresses.length === 0 || publicAddress !== undefined) {
    throw new FacecraftError(
      'engine-url-insecure',
      `Plain HTTP is allowed only to this computer and private networks, and ${host}${publicAddress && publicAddress !== host ? ` (${publicAddress})` : ''} is neither: the API key and the photos would cross the internet unencrypted. Use https://${parsed.host}${parsed.pathname.replace(/\/+$/, '')}.`,
    );
  }
  return { url, plainHttp: true };
}
