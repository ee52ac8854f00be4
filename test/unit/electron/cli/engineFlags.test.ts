/** `--engine URL --key KEY`: which key goes with which engine, and a malformed address stops the command. */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../electron/cli/cliErrors.ts';
import {
  ENGINE_KEY_ENV,
  engineSettingsFromFlags,
  enginesAsTyped,
} from '../../../../electron/cli/engineFlags.ts';

describe('engine flags', () => {
  it('one --key per --engine in order; one --key serves them all; else the environment', () => {
    expect(
      enginesAsTyped({ engine: ['https://a.example', 'https://b.example'], key: ['ka', 'kb'] }, {}),
    ).toEqual([
      { url: 'https://a.example', apiKey: 'ka' },
      { url: 'https://b.example', apiKey: 'kb' },
    ]);
    expect(enginesAsTyped({ engine: ['https://a.example', 'https://b.example'], key: ['k'] }, {})).toEqual([
      { url: 'https://a.example', apiKey: 'k' },
      { url: 'https://b.example', apiKey: 'k' },
    ]);
    expect(enginesAsTyped({ engine: ['https://a.example'] }, { [ENGINE_KEY_ENV]: 'from-env' })).toEqual([
      { url: 'https://a.example', apiKey: 'from-env' },
    ]);
    expect(enginesAsTyped({}, {})).toEqual([]);
  });

  it('--engine engines become settings; a malformed address is a usage error naming it', () => {
    expect(engineSettingsFromFlags({ engine: ['http://10.0.0.5:8000/'] }, {})).toEqual([
      { url: 'http://10.0.0.5:8000', apiKey: null, concurrency: null },
    ]);
    expect(() => engineSettingsFromFlags({ engine: ['gpu-server'] }, {})).toThrow(UsageError);
    expect(() => engineSettingsFromFlags({ engine: ['gpu-server'] }, {})).toThrow(
      /^--engine gpu-server: "gpu-server" is not an engine address/,
    );
  });
});
