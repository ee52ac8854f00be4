import { describe, expect, it } from 'vitest';
import { type Device, type EngineState, STOPPED_ENGINE_STATE } from '../../../../../contract/domain.ts';
import { FacecraftError } from '../../../../../contract/errors.ts';
import type { EngineConnection } from '../../../../../electron/services/docker/index.ts';
import { engineProfile } from '../../../../../electron/services/engineKind/engineKind.ts';
import {
  ManagedQueueEngine,
  type QueueEngineManager,
} from '../../../../../electron/services/jobQueue/managedEngine.ts';

/**
 * A double of the engine manager (unit tests have no Docker): an engine "serves" at a fresh address
 * after each start or restart, and the double records which of the two the queue asked for.
 */
class EngineManagerDouble implements QueueEngineManager {
  state: EngineState = { ...STOPPED_ENGINE_STATE };
  readonly calls: string[] = [];
  /** What the engine started next reports in /status; null: the start ends without a ready engine. */
  nextStart: { kind: EngineConnection['kind']; reported: 'cpu' | 'cuda' | null } | null = {
    kind: 'facecraft-desktop',
    reported: 'cpu',
  };
  #current: EngineConnection | null = null;
  #port = 8000;

  connection(): EngineConnection | null {
    if (this.state.status === 'stopped' || this.state.status === 'stopping') return null;
    return this.#current;
  }

  profile() {
    return engineProfile(this.#current?.kind ?? 'published');
  }

  async start(device: Device): Promise<EngineState> {
    this.calls.push(`start ${device}`);
    return this.#replace(device);
  }

  async restart(): Promise<EngineState> {
    this.calls.push('restart');
    return this.#replace(this.state.device ?? 'cpu');
  }

  /** An engine of `device` ready at a new address. */
  serve(device: Device, kind: EngineConnection['kind'], reported: 'cpu' | 'cuda' | null): EngineConnection {
    this.#port += 1;
    const url = `http://127.0.0.1:${this.#port}`;
    this.#current = { url, apiKey: `key-${this.#port}`, device, containerId: `c${this.#port}`, kind };
    this.state = {
      ...STOPPED_ENGINE_STATE,
      status: 'ready',
      device,
      url,
      reported: reported && { type: reported, name: null, version: null },
    };
    return this.#current;
  }

  #replace(device: Device): EngineState {
    if (this.nextStart) this.serve(device, this.nextStart.kind, this.nextStart.reported);
    else this.state = { ...this.state, status: 'error', url: null };
    return this.state;
  }
}

function setup(settingsDevice: Device = 'cpu') {
  const manager = new EngineManagerDouble();
  const settings = { device: settingsDevice };
  return { manager, settings, engine: new ManagedQueueEngine(manager, () => settings.device) };
}

describe('the job queue on the managed engine (engine manager double)', () => {
  it('sends photos to the engine already serving, on the device its /status reports, without starting another', async () => {
    const { manager, engine } = setup('gpu');
    const ready = manager.serve('gpu', 'facecraft-desktop', 'cuda');
    expect(await engine.acquire()).toEqual({
      connection: { url: ready.url, apiKey: ready.apiKey, kind: 'facecraft-desktop' },
      deviceType: 'cuda',
    });
    expect(manager.calls).toEqual([]);
  });

  it('starts a stopped engine on the device chosen in settings at the time of the first photo', async () => {
    const { manager, settings, engine } = setup('cpu');
    settings.device = 'gpu';
    manager.nextStart = { kind: 'facecraft-desktop', reported: 'cuda' };
    const serving = await engine.acquire();
    expect(manager.calls).toEqual(['start gpu']);
    expect(serving.connection.url).toBe(manager.state.url);
    expect(serving.deviceType).toBe('cuda');
  });

  it('joins a start already under way on its device instead of starting the one in settings', async () => {
    const { manager, engine } = setup('cpu');
    manager.state = { ...STOPPED_ENGINE_STATE, status: 'starting', device: 'gpu' };
    await engine.acquire();
    expect(manager.calls).toEqual(['start gpu']);
  });

  it('keeps the old engine serving while a switch starts the new variant', async () => {
    const { manager, engine } = setup('gpu');
    const old = manager.serve('cpu', 'facecraft-desktop', 'cpu');
    manager.state = { ...manager.state, status: 'starting', device: 'gpu' };
    const serving = await engine.acquire();
    expect(serving.connection.url).toBe(old.url);
    expect(serving.deviceType).toBe('cpu');
    expect(manager.calls).toEqual([]);
  });

  it('says the engine is not ready when a start ends without one', async () => {
    const { manager, engine } = setup('cpu');
    manager.nextStart = null;
    const acquired = engine.acquire();
    await expect(acquired).rejects.toBeInstanceOf(FacecraftError);
    await expect(acquired).rejects.toMatchObject({
      code: 'engine-not-ready',
      message: 'The engine is not ready; start it and try again.',
    });
  });

  it('takes the device from the variant when the engine does not report one (GPU variant: cuda)', async () => {
    const { manager, engine } = setup('cpu');
    manager.serve('gpu', 'published', null);
    expect((await engine.acquire()).deviceType).toBe('cuda');
    manager.serve('cpu', 'published', null);
    expect((await engine.acquire()).deviceType).toBe('cpu');
  });

  it('replaces an engine that is still "ready" but stopped answering, and sends the photo to the new one', async () => {
    const { manager, engine } = setup('cpu');
    manager.serve('cpu', 'facecraft-desktop', 'cpu');
    const lost = await engine.acquire();
    const recovered = await engine.recover(lost);
    expect(manager.calls).toEqual(['restart']);
    expect(recovered.connection.url).not.toBe(lost.connection.url);
    expect(recovered.connection.url).toBe(manager.state.url);
  });

  it('starts the same variant again after Docker reported the engine died', async () => {
    const { manager, engine } = setup('cpu');
    manager.serve('gpu', 'facecraft-desktop', 'cuda');
    const lost = await engine.acquire();
    manager.state = { ...manager.state, status: 'error' };
    manager.nextStart = { kind: 'facecraft-desktop', reported: 'cuda' };
    const recovered = await engine.recover(lost);
    expect(manager.calls).toEqual(['start gpu']);
    expect(recovered.deviceType).toBe('cuda');
  });

  it('uses the engine that already replaced the lost one, without a second restart', async () => {
    const { manager, engine } = setup('cpu');
    manager.serve('cpu', 'facecraft-desktop', 'cpu');
    const lost = await engine.acquire();
    const replacement = manager.serve('cpu', 'facecraft-desktop', 'cpu');
    expect((await engine.recover(lost)).connection.url).toBe(replacement.url);
    expect(manager.calls).toEqual([]);
  });

  it('fails recovery with a sentence when the engine cannot be brought back', async () => {
    const { manager, engine } = setup('cpu');
    manager.serve('cpu', 'facecraft-desktop', 'cpu');
    const lost = await engine.acquire();
    manager.state = { ...manager.state, status: 'error', url: null };
    manager.nextStart = null;
    await expect(engine.recover(lost)).rejects.toMatchObject({ code: 'engine-not-ready' });
    expect(manager.calls).toEqual(['start cpu']);
  });

  it("limits photos in flight to the serving engine's own limit: one for the published image, none without an engine", async () => {
    const { manager, engine } = setup('cpu');
    expect(engine.photosInFlight()).toBeNull();
    manager.serve('cpu', 'published', 'cpu');
    expect(engine.photosInFlight()).toBe(1);
    manager.serve('cpu', 'facecraft-desktop', 'cpu');
    expect(engine.photosInFlight()).toBe(engineProfile('facecraft-desktop').photosInFlight);
    expect(engine.photosInFlight()).toBeGreaterThan(1);
  });
});
