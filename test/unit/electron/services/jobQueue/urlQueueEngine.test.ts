/**
 * A URL engine as the queue sees it, with a fake probe (a double standing in for probeUrlEngine.ts,
 * which has its own tests against real servers): what it serves, how many photos it takes at once,
 * the sentence while it is still loading, and a fresh test after a loss.
 */
import { describe, expect, it } from 'vitest';
import { FacecraftError } from '../../../../../contract/errors.ts';
import type { UrlEngineReport } from '../../../../../electron/services/engines/probeUrlEngine.ts';
import {
  type ProbeUrlEngine,
  UrlQueueEngine,
} from '../../../../../electron/services/jobQueue/urlQueueEngine.ts';

function fakeProbe(
  answers: (UrlEngineReport | FacecraftError)[],
): ProbeUrlEngine & { keys: (string | null)[] } {
  const keys: (string | null)[] = [];
  const probe = async (url: string, key: string | null): Promise<UrlEngineReport> => {
    keys.push(key);
    const answer = answers.shift();
    if (!answer) throw new Error(`no answer scripted for ${url}`);
    if (answer instanceof FacecraftError) throw answer;
    return answer;
  };
  return Object.assign(probe, { keys });
}

const NO_ENHANCER =
  'Face enhancement is not available: the Facecraft Desktop engine has no face enhancer loaded.';

function report(kind: UrlEngineReport['kind'], ready = true): UrlEngineReport {
  return {
    url: 'http://10.0.0.5:8000',
    plainHttp: true,
    kind,
    version: '1.0.0',
    device: { type: 'cuda', name: 'NVIDIA L4', cuda_version: '12.4' },
    ready,
    unavailableOptions: { enhance_face: NO_ENHANCER },
  };
}

describe('UrlQueueEngine (fake probe double)', () => {
  it('serves the engine with its key and reported device, tested once until it is lost', async () => {
    const probe = fakeProbe([report('facecraft'), report('facecraft')]);
    const engine = new UrlQueueEngine(
      { url: 'http://10.0.0.5:8000', apiKey: 'k1', concurrency: null },
      probe,
    );
    expect(engine.photosInFlight()).toBe(1);
    const serving = await engine.acquire();
    expect(serving).toEqual({
      connection: { url: 'http://10.0.0.5:8000', apiKey: 'k1', kind: 'facecraft-desktop' },
      deviceType: 'cuda',
      // What it cannot honour travels with it to the queue's activity (the options panel).
      unavailableOptions: { enhance_face: NO_ENHANCER },
    });
    await engine.acquire();
    expect(probe.keys).toEqual(['k1']);
    // Ours takes two photos at once; after a loss it is tested again.
    expect(engine.photosInFlight()).toBe(2);
    await engine.recover(serving);
    expect(probe.keys).toEqual(['k1', 'k1']);
  });

  it('the published image takes one photo at once unless the setting says otherwise', async () => {
    const published = new UrlQueueEngine(
      { url: 'http://10.0.0.5:8000', apiKey: null, concurrency: null },
      fakeProbe([report('published')]),
    );
    expect((await published.acquire()).connection.kind).toBe('published');
    expect(published.photosInFlight()).toBe(1);
    const tuned = new UrlQueueEngine(
      { url: 'http://10.0.0.5:8000', apiKey: null, concurrency: 6 },
      fakeProbe([]),
    );
    expect(tuned.photosInFlight()).toBe(6);
  });

  it('still loading: not ready, in words; a refused key comes through as the probe said it', async () => {
    const refused = new FacecraftError(
      'engine-key-refused',
      'The engine at http://10.0.0.5:8000 refused the API key (HTTP 401).',
    );
    const engine = new UrlQueueEngine(
      { url: 'http://10.0.0.5:8000', apiKey: 'old', concurrency: null },
      fakeProbe([report('facecraft', false), refused]),
    );
    await expect(engine.acquire()).rejects.toMatchObject({
      code: 'engine-not-ready',
      message:
        'The engine at http://10.0.0.5:8000 answers but is not ready yet (its models are still loading).',
    });
    await expect(engine.acquire()).rejects.toBe(refused);
  });
});
