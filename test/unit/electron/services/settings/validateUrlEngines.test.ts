/** What a URL engine setting may be: the address's written form, a one-line key, a sane concurrency. */
import { describe, expect, it } from 'vitest';
import { MAX_ENGINE_CONCURRENCY } from '../../../../../contract/engines.ts';
import {
  checkUrlEngineSetting,
  normalizeUrlEngines,
} from '../../../../../electron/services/settings/validateUrlEngines.ts';

describe('checkUrlEngineSetting', () => {
  it('normalises the address and keeps the key and concurrency', () => {
    expect(
      checkUrlEngineSetting({ url: ' https://gpu.example.com/facecraft/ ', apiKey: 'k-123', concurrency: 4 }),
    ).toEqual({
      url: 'https://gpu.example.com/facecraft',
      apiKey: 'k-123',
      concurrency: 4,
    });
    expect(checkUrlEngineSetting({ url: 'http://10.0.0.5:8000' })).toEqual({
      url: 'http://10.0.0.5:8000',
      apiKey: null,
      concurrency: null,
    });
  });

  it('names every problem in one sentence', () => {
    expect(() =>
      checkUrlEngineSetting({ url: 'ftp://x', apiKey: 'two words', concurrency: MAX_ENGINE_CONCURRENCY + 1 }),
    ).toThrow(
      `An engine address starts with https:// or http://, not ftp://. An API key is one line of printable characters without spaces (or none at all). An engine takes between 1 and ${MAX_ENGINE_CONCURRENCY} photos at once.`,
    );
    expect(() => checkUrlEngineSetting({ url: 'https://user:pw@x.example' })).toThrow(
      /give the API key separately/,
    );
    expect(() => checkUrlEngineSetting('https://x.example')).toThrow(
      'An engine is an address with its API key.',
    );
  });
});

describe('normalizeUrlEngines', () => {
  it('keeps the valid entries of a hand-edited file, the last one for a repeated address', () => {
    expect(
      normalizeUrlEngines([
        { url: 'https://a.example', apiKey: 'old' },
        { url: 'not a url' },
        { url: 'https://a.example/', apiKey: 'new', concurrency: 2 },
        { url: 'http://192.168.1.20:8000', concurrency: 0 },
      ]),
    ).toEqual([{ url: 'https://a.example', apiKey: 'new', concurrency: 2 }]);
    expect(normalizeUrlEngines({ url: 'https://a.example' })).toEqual([]);
  });
});
