/**
 * One queue over several engines, through the QueueEngine seam: the real job queue and engine pool
 * with fake engines (test/unit/support/fakeEngine.ts, a double: tiny HTTP servers with scripted
 * answers), so an engine dying mid-photo or refusing the key happens on cue. Real engine containers
 * run the same pool in test/integration/electron/services/jobQueue/enginePool.test.ts.
 */
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueueSnapshot } from '../../../../../contract/domain.ts';
import { workingEngines } from '../../../../../contract/engines.ts';
import { FacecraftError } from '../../../../../contract/errors.ts';
import { DEFAULT_PROCESS_OPTIONS } from '../../../../../contract/processOptions.ts';
import { EnginePool, type PoolMember } from '../../../../../electron/services/jobQueue/enginePool.ts';
import { JobQueue } from '../../../../../electron/services/jobQueue/jobQueue.ts';
import { localEngineStopped } from '../../../../../electron/services/jobQueue/poolMembers.ts';
import type { QueueEngine, ServingEngine } from '../../../../../electron/services/jobQueue/queueEngine.ts';
import { fixturePath } from '../../../../support/fixtures.ts';
import { FakeEngine } from '../../../support/fakeEngine.ts';
import { untilSnapshot } from '../../../support/untilSnapshot.ts';

/** A fake engine as a pool member: serves its FakeEngine, or refuses with a sentence (a wrong key, gone). */
class FakeMemberEngine implements QueueEngine {
  readonly fake: FakeEngine;
  refusal: FacecraftError | null = null;
  acquired = 0;
  recovered = 0;

  constructor(fake: FakeEngine) {
    this.fake = fake;
  }

  async acquire(): Promise<ServingEngine> {
    this.acquired++;
    if (this.refusal) throw this.refusal;
    return this.fake.serving();
  }

  async recover(): Promise<ServingEngine> {
    this.recovered++;
    return this.acquire();
  }
}

const PHOTO_NAMES = [
  'dark-skin-man-frontal-beard.jpg',
  'elderly-man-wrinkled-face.jpg',
  'webp-smiling-woman-curly-hair.webp',
  'tiny-115px-glasses-goatee-man.png',
];

let dir: string;
let photos: string[];
let fakes: FakeEngine[];
let queue: JobQueue | null;

function member(id: string, engine: QueueEngine, concurrency: number): PoolMember {
  return { ref: { id, label: id }, kind: 'url', engine, concurrency: () => concurrency, retryAfterMs: null };
}

async function openQueue(pool: EnginePool): Promise<JobQueue> {
  queue = await JobQueue.open({
    dataDir: path.join(dir, 'data'),
    engine: pool,
    defaultOptions: () => ({ ...DEFAULT_PROCESS_OPTIONS, width: 256, height: 256 }),
    snapshotIntervalMs: 5,
    client: { retries: 0 },
  });
  return queue;
}

function engineOf(s: QueueSnapshot): (string | undefined)[] {
  return s.items.map((item) => item.result?.engine?.id);
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fc-engine-pool-'));
  photos = [];
  for (const name of PHOTO_NAMES) {
    const target = path.join(dir, name);
    await copyFile(fixturePath(name), target);
    photos.push(target);
  }
  fakes = await Promise.all([FakeEngine.start(), FakeEngine.start(), FakeEngine.start()]);
  queue = null;
});

afterEach(async () => {
  await queue?.dispose();
  await Promise.all(fakes.map((fake) => fake.stop().catch(() => undefined)));
  await rm(dir, { recursive: true, force: true });
});

describe('engine pool (fake engine doubles)', () => {
  it('spreads the photos over every engine, each at its own concurrency, and records which engine made each', async () => {
    const [a, b] = fakes as [FakeEngine, FakeEngine];
    // Both hang on their first photo: the photos in flight at once show each engine's slots.
    a.script.push('hang', 'hang');
    b.script.push('hang');
    const pool = new EnginePool([
      member('a', new FakeMemberEngine(a), 2),
      member('b', new FakeMemberEngine(b), 1),
    ]);
    const q = await openQueue(pool);
    await q.add(photos);
    await vi.waitFor(() => expect([a.hanging, b.hanging]).toEqual([2, 1]));
    const busy = q.snapshot();
    expect(busy.counts).toMatchObject({ active: 3, queued: 1 });
    expect(workingEngines(busy.engines ?? [])).toBe(2);
    expect(busy.engines?.map((e) => [e.id, e.inFlight, e.concurrency])).toEqual([
      ['a', 2, 2],
      ['b', 1, 1],
    ]);
    q.cancel();
    await q.idle();
    q.retry();
    const done = await untilSnapshot(q, (s) => s.counts.done === 4);
    expect(new Set(engineOf(done))).toEqual(new Set(['a', 'b']));
    expect(done.engines?.reduce((sum, e) => sum + e.done, 0)).toBe(4);
    expect(workingEngines(done.engines ?? [])).toBe(0);
  });

  it('an engine that dies mid-photo: its photos finish on the others, none lost, none made twice', async () => {
    const [a, b] = fakes as [FakeEngine, FakeEngine];
    const dying = new FakeMemberEngine(a);
    a.script.push('drop', 'drop');
    a.dropsAtOnce = 2;
    // Gone for good: asking it again finds nobody.
    dying.recover = async () => {
      dying.recovered++;
      throw new FacecraftError('engine-unreachable', `Nothing answers at ${a.url} (ECONNREFUSED).`);
    };
    const pool = new EnginePool([member('a', dying, 2), member('b', new FakeMemberEngine(b), 1)]);
    const q = await openQueue(pool);
    await q.add(photos);
    const s = await untilSnapshot(q, (x) => x.counts.done + x.counts.failed === 4);
    expect(s.counts).toMatchObject({ done: 4, failed: 0 });
    expect(engineOf(s)).toEqual(['b', 'b', 'b', 'b']);
    // Two photos were lost with engine a; each reached engine b exactly once more, and nothing else ran twice.
    expect(a.widths).toHaveLength(2);
    expect(b.widths).toHaveLength(4);
    expect(s.items.map((i) => i.attempts).sort()).toEqual([1, 1, 2, 2]);
    expect((await readdir(q.workDir)).filter((f) => f.endsWith('.png'))).toHaveLength(4);
    expect(s.engines?.find((e) => e.id === 'a')).toMatchObject({
      state: 'down',
      error: { code: 'engine-unreachable', message: `Nothing answers at ${a.url} (ECONNREFUSED).` },
    });
  });

  it('a refused key marks that engine with the sentence; the others carry on', async () => {
    const [a, b, c] = fakes as [FakeEngine, FakeEngine, FakeEngine];
    const stranger = new FakeMemberEngine(a);
    const sentence = `The engine at ${a.url} refused the API key (HTTP 401). Ask whoever runs it for the current key.`;
    stranger.refusal = new FacecraftError('engine-key-refused', sentence);
    const pool = new EnginePool([
      member('a', stranger, 2),
      member('b', new FakeMemberEngine(b), 1),
      member('c', new FakeMemberEngine(c), 1),
    ]);
    const q = await openQueue(pool);
    await q.add(photos);
    const s = await untilSnapshot(q, (x) => x.counts.done === 4);
    expect(s.blocked).toBeNull();
    expect(a.widths).toHaveLength(0);
    expect(new Set(engineOf(s))).toEqual(new Set(['b', 'c']));
    expect(s.engines?.find((e) => e.id === 'a')).toMatchObject({
      state: 'down',
      error: { code: 'engine-key-refused', message: sentence },
    });
  });

  it('a key refused mid-batch (the engine answers 401 to a photo) moves that photo too', async () => {
    const [a, b] = fakes as [FakeEngine, FakeEngine];
    const rotating = new FakeMemberEngine(a);
    // The engine's key changed after it was tested: the photo gets a 401, and testing it again refuses.
    a.script.push('unauthorized');
    rotating.recover = async () => {
      throw new FacecraftError(
        'engine-key-refused',
        `The engine at ${a.url} refused the API key (HTTP 401).`,
      );
    };
    const pool = new EnginePool([member('a', rotating, 1), member('b', new FakeMemberEngine(b), 1)]);
    const q = await openQueue(pool);
    await q.add(photos.slice(0, 2));
    const s = await untilSnapshot(q, (x) => x.counts.done === 2);
    expect(engineOf(s)).toEqual(['b', 'b']);
    expect(s.engines?.find((e) => e.id === 'a')?.error?.code).toBe('engine-key-refused');
  });

  it('prefers the faster engine once it knows how fast each one is', async () => {
    const [slow, fast] = fakes as [FakeEngine, FakeEngine];
    slow.delayMs = 300;
    const pool = new EnginePool([
      member('slow', new FakeMemberEngine(slow), 1),
      member('fast', new FakeMemberEngine(fast), 1),
    ]);
    const q = await openQueue(pool);
    // One photo at a time, so every photo has a free choice of engine.
    for (const photo of photos) {
      await q.add([photo]);
      await q.idle();
    }
    const s = q.snapshot();
    expect(engineOf(s)).toEqual(['slow', 'fast', 'fast', 'fast']);
  });

  it('with every engine down, photos stay queued with each reason; they go on once one is back', async () => {
    const [a, b] = fakes as [FakeEngine, FakeEngine];
    const first = new FakeMemberEngine(a);
    const second = new FakeMemberEngine(b);
    first.refusal = new FacecraftError('engine-unreachable', 'Nothing answers at engine a.');
    second.refusal = new FacecraftError('engine-key-refused', 'Engine b refused the API key.');
    const pool = new EnginePool([member('a', first, 1), member('b', second, 1)]);
    const q = await openQueue(pool);
    await q.add(photos.slice(0, 2));
    let s = await q.idle();
    expect(s.counts.queued).toBe(2);
    expect(s.blocked).toEqual({
      code: 'engine-unreachable',
      message: 'No engine can take photos. a: Nothing answers at engine a. b: Engine b refused the API key.',
    });
    // Each engine was asked once: a failing start (a download, a build) is not tried twice behind the user's back.
    expect([first.acquired, second.acquired]).toEqual([1, 1]);
    second.refusal = null;
    q.resume();
    s = await untilSnapshot(q, (x) => x.counts.done === 2);
    expect(engineOf(s)).toEqual(['b', 'b']);
  });

  it('an engine added while photos wait takes some of them; a removed one takes no new photo', async () => {
    const [a, b] = fakes as [FakeEngine, FakeEngine];
    a.script.push('hang');
    const first = member('a', new FakeMemberEngine(a), 1);
    const pool = new EnginePool([first]);
    const q = await openQueue(pool);
    await q.add(photos);
    await vi.waitFor(() => expect(a.hanging).toBe(1));
    pool.update([first, member('b', new FakeMemberEngine(b), 1)]);
    // Done, not just received: a photo whose answer is still on its way counts as processing and would be cancelled.
    await untilSnapshot(q, (x) => x.counts.done === 3);
    expect(b.widths).toHaveLength(3);
    pool.update([member('b', new FakeMemberEngine(b), 1)]);
    q.cancel(
      q
        .snapshot()
        .items.filter((i) => i.state === 'processing' || i.state === 'uploading')
        .map((i) => i.id),
    );
    const s = await q.idle();
    expect(engineOf(s).filter(Boolean)).toEqual(['b', 'b', 'b']);
    q.retry();
    const again = await untilSnapshot(q, (x) => x.counts.done === 4);
    expect(engineOf(again)).toEqual(['b', 'b', 'b', 'b']);
    expect(a.widths).toHaveLength(1);
    expect(again.engines?.map((e) => e.id)).toEqual(['b']);
  });

  it('the local engine the user stopped is not started again: its photo moves to the server, the rest follow there', async () => {
    const [server, , machine] = fakes as [FakeEngine, FakeEngine, FakeEngine];
    machine.script.push('hang');
    const local = new FakeMemberEngine(machine);
    const pool = new EnginePool([
      {
        ref: { id: 'local', label: 'the local engine' },
        kind: 'local',
        engine: local,
        concurrency: () => 1,
        retryAfterMs: null,
      },
      member('server', new FakeMemberEngine(server), 1),
    ]);
    const q = await openQueue(pool);
    await q.add(photos.slice(0, 3));
    await vi.waitFor(() => expect(machine.hanging).toBe(1));
    // What the bridge's Stop does: hold the lane, then the container goes (its connections with it).
    pool.hold('local', localEngineStopped());
    await machine.stop();
    const s = await untilSnapshot(q, (x) => x.counts.done === 3);
    expect(engineOf(s)).toEqual(['server', 'server', 'server']);
    expect([local.acquired, local.recovered]).toEqual([1, 0]);
    expect(s.engines?.find((e) => e.id === 'local')).toMatchObject({
      state: 'down',
      error: { code: 'engine-not-ready', message: 'The local engine was stopped; start it to go on.' },
    });
  });

  it('with only the local engine, stopped mid-photo: the photos wait queued with the sentence, none failed; Start finishes them', async () => {
    const [restarted, , first] = fakes as [FakeEngine, FakeEngine, FakeEngine];
    first.script.push('hang');
    let container = first;
    let [acquired, recovered] = [0, 0];
    const local: QueueEngine = {
      acquire: async () => {
        acquired++;
        return container.serving();
      },
      recover: async () => {
        recovered++;
        return container.serving();
      },
      photosInFlight: () => 1,
    };
    const pool = new EnginePool([
      { ref: { id: 'local', label: 'the local engine' }, kind: 'local', engine: local, retryAfterMs: null },
    ]);
    const q = await openQueue(pool);
    await q.add(photos.slice(0, 3));
    await vi.waitFor(() => expect(first.hanging).toBe(1));
    pool.hold('local', localEngineStopped());
    await first.stop();
    const waiting = await q.idle();
    expect(waiting.counts).toMatchObject({ queued: 3, failed: 0, done: 0 });
    expect(waiting.blocked).toEqual({
      code: 'engine-not-ready',
      message: 'The local engine was stopped; start it to go on.',
    });
    expect([acquired, recovered]).toEqual([1, 0]);
    // The user starts it: a new container, and the queue goes on there (the bridge resumes on 'ready').
    container = restarted;
    q.resume();
    const s = await untilSnapshot(q, (x) => x.counts.done === 3);
    expect(engineOf(s)).toEqual(['local', 'local', 'local']);
    expect(restarted.widths).toHaveLength(3);
    expect(recovered).toBe(0);
  });

  it('one local engine in a pool behaves as before: its loss is one restart, and the photos finish there', async () => {
    const [lost, spare] = fakes as [FakeEngine, FakeEngine];
    lost.script.push('drop', 'drop');
    lost.dropsAtOnce = 2;
    let serving = lost;
    const local: QueueEngine = {
      acquire: async () => serving.serving(),
      recover: async () => {
        serving = spare;
        return serving.serving();
      },
      photosInFlight: () => 2,
    };
    const pool = new EnginePool([
      { ref: { id: 'local', label: 'this computer' }, kind: 'local', engine: local, retryAfterMs: null },
    ]);
    const q = await openQueue(pool);
    await q.add(photos.slice(0, 2));
    const s = await untilSnapshot(q, (x) => x.counts.done === 2);
    expect(lost.widths).toHaveLength(2);
    expect(spare.widths).toHaveLength(2);
    expect(engineOf(s)).toEqual(['local', 'local']);
  });
});
