/** Which engine URLs the app accepts: HTTPS anywhere, plain HTTP only to loopback and private addresses. */
import { describe, expect, it } from 'vitest';
import { FacecraftError } from '../../../../../contract/errors.ts';
import {
  checkEngineAddress,
  isPrivateAddress,
} from '../../../../../electron/services/engines/urlEngineAddress.ts';

async function refusal(text: string, resolve?: (host: string) => Promise<string[]>): Promise<FacecraftError> {
  const error = await checkEngineAddress(text, resolve).then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof FacecraftError)) throw new Error(`${text} was accepted`);
  return error;
}

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.9',
    '172.31.255.1',
    '192.168.1.20',
    '169.254.1.1',
    '100.64.0.1',
    '::1',
    'fd12:3456::1',
    'fe80::1',
    '::ffff:10.0.0.1',
  ])('%s is this computer or a private network', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '172.32.0.1', '203.0.113.5', '2001:db8::1', '::ffff:8.8.8.8', 'not-an-ip'])(
    '%s is not',
    (address) => {
      expect(isPrivateAddress(address)).toBe(false);
    },
  );
});

describe('checkEngineAddress', () => {
  it('accepts HTTPS anywhere and plain HTTP to private addresses and localhost, normalised', async () => {
    expect(await checkEngineAddress('https://engines.example.com/')).toEqual({
      url: 'https://engines.example.com',
      plainHttp: false,
    });
    expect(await checkEngineAddress(' http://192.168.1.20:8000 ')).toEqual({
      url: 'http://192.168.1.20:8000',
      plainHttp: true,
    });
    expect(await checkEngineAddress('http://[::1]:8000')).toEqual({
      url: 'http://[::1]:8000',
      plainHttp: true,
    });
    // Real name resolution: localhost is this computer.
    expect((await checkEngineAddress('http://localhost:8000')).plainHttp).toBe(true);
  });

  it('refuses plain HTTP to a public address, says why and offers the HTTPS address', async () => {
    const error = await refusal('http://203.0.113.5:8000');
    expect(error.code).toBe('engine-url-insecure');
    expect(error.message).toMatch(/Plain HTTP is allowed only to this computer and private networks/);
    expect(error.message).toContain('https://203.0.113.5:8000');
  });

  it('refuses plain HTTP to a name that resolves to any public address (DNS double: no public DNS here)', async () => {
    const error = await refusal('http://engines.example.com', async () => ['10.0.0.5', '198.51.100.7']);
    expect(error.code).toBe('engine-url-insecure');
    expect(error.message).toContain('198.51.100.7');
    expect(await checkEngineAddress('http://facecraft-engine.svc', async () => ['10.96.0.12'])).toEqual({
      url: 'http://facecraft-engine.svc',
      plainHttp: true,
    });
  });

  it('says what is wrong with something that is not an engine address', async () => {
    expect((await refusal('engines.example.com')).code).toBe('invalid-argument');
    expect((await refusal('ftp://10.0.0.1')).message).toMatch(/starts with https:\/\/ or http:\/\//);
    expect((await refusal('https://user:secret@engines.example.com')).message).toMatch(/API key separately/);
    const unknownHost = await refusal('http://no-such-host.invalid:8000');
    expect(unknownHost.code).toBe('engine-unreachable');
    expect(unknownHost.message).toMatch(/could not be found/);
  });
});
