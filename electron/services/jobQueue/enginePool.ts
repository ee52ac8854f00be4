/**
 * One queue over several engines: the local one the launcher runs and any number of engine URLs.
 * Each engine is a lane with its own slots (its concurrency); a photo gets a free slot on a ready
 * engine, the fastest first (its average time per photo here; an engine not measured yet is tried
 * at once, to learn). Engines come up in the background, so photos never wait on one that is still
 * starting while another is free. A photo whose engine dies or refuses the key moves to another
 * one; the lost engine is checked again in the background (the local one restarted) and meanwhile
 * skipped, with its sentence, while the rest carry on. Only when every engine is down does
 * acquire() fail, and the queue then waits for the user.
 */
import type { EngineActivity, EngineRef } from '../../../contract/engines.ts';
import { type BridgeError, FacecraftError, toBridgeError } from '../../../contract/errors.ts';
import { Listeners } from '../listeners.ts';
import { untilAborted } from './engineRecovery.ts';
import type { QueueEngine, ReleaseOutcome, ServingEngine } from './queueEngine.ts';

export interface PoolMember {
  ref: EngineRef;
  kind: EngineActivity['kind'];
  engine: QueueEngine;
  /** Photos at once on this engine; default what the engine says (photosInFlight), else one. */
  concurrency?: () => number;
  /**
   * After this long a down engine is asked again on its own; null: only when every engine is down
   * or the user asks (the local engine: asking again may start a download or a build).
   */
  retryAfterMs: number | null;
  /** Changes when the engine's setting does (a new key, another concurrency): update() then starts it afresh. */
  version?: string;
}

const RECENT_DURATIONS = 8;

interface Lane {
  member: PoolMember;
  state: EngineActivity['state'];
  error: BridgeError | null;
  serving: ServingEngine | null;
  /** A start, probe or recovery under way: one per engine, whoever asked. */
  connecting: Promise<void> | null;
  downAt: number;
  /** Which down event took it down (the pool counts them): tells "down before I asked" from "down just now". */
  downEvent: number;
  inFlight: number;
  done: number;
  recentMs: number[];
  /** The user stopped it: never asked (so never started) until resume(). */
  held: boolean;
}

export class EnginePool implements QueueEngine {
  #lanes: Lane[];
  readonly #changes = new Listeners<void>();
  /** When each handed-out engine was handed out: a finished photo's time counts for its engine. */
  readonly #handedOut = new WeakMap<ServingEngine, { lane: Lane; at: number }>();
  readonly #now: () => number;
  #downEvents = 0;
  /** Set when acquire() gave up on every engine: the next photos give up at once, until resume() or an engine is back. */
  #gaveUp = false;

  constructor(members: readonly PoolMember[], now: () => number = Date.now) {
    if (members.length === 0) throw new FacecraftError('internal', 'An engine pool needs an engine.');
    this.#now = now;
    this.#lanes = members.map(newLane);
  }

  /**
   * The engines changed (one added or removed in the Engines view): engines kept keep their state and
   * their photos; a removed engine takes no new photo (those it has finish there or move on loss).
   */
  update(members: readonly PoolMember[]): void {
    if (members.length === 0) throw new FacecraftError('internal', 'An engine pool needs an engine.');
    this.#lanes = members.map(
      (member) =>
        this.#lanes.find(
          (lane) => lane.member.ref.id === member.ref.id && lane.member.version === member.version,
        ) ?? newLane(member),
    );
    this.#changed();
  }

  /** Every engine can be lost once by the same photo. */
  get movesPerPhoto(): number {
    return this.#lanes.length;
  }

  async acquire(signal?: AbortSignal): Promise<ServingEngine> {
    const asked = this.#downEvents;
    for (;;) {
      if (signal?.aborted) throw new FacecraftError('cancelled', 'Cancelled.');
      for (const lane of this.#lanes) if (this.#worthAsking(lane)) this.#connect(lane);
      const lane = this.#freest();
      if (lane?.serving) return this.#handOut(lane, lane.serving);
      if (this.#lanes.every((l) => l.state === 'down' && !l.connecting)) {
        // Every engine is down: those that went down before this photo asked are asked once more
        // (the user may just have started one); when all went down since, give up.
        const stale = this.#gaveUp ? [] : this.#lanes.filter((l) => l.downEvent <= asked && !l.held);
        if (stale.length === 0) {
          this.#gaveUp = true;
          throw this.#noEngine();
        }
        for (const l of stale) this.#connect(l);
      }
      await this.#nextChange(signal);
    }
  }

  async recover(lost: ServingEngine, signal?: AbortSignal, reason?: unknown): Promise<ServingEngine> {
    const lane = this.#handedOut.get(lost)?.lane;
    if (lane) {
      this.#return(lost);
      // The first photo to notice replaces the engine; the others find it already on its way back.
      const replaced = lane.serving && lane.serving.connection.url !== lost.connection.url;
      if (!replaced && !lane.connecting && lane.state !== 'down') {
        lane.state = 'recovering';
        lane.error = reason === undefined ? null : toBridgeError(reason);
        lane.serving = null;
        this.#connect(lane, () => lane.member.engine.recover(lost, undefined, reason));
      }
    }
    return this.acquire(signal);
  }

  release(serving: ServingEngine, outcome: ReleaseOutcome): void {
    const handed = this.#handedOut.get(serving);
    if (!handed) return;
    this.#return(serving);
    if (outcome === 'done') {
      handed.lane.done++;
      handed.lane.recentMs = [...handed.lane.recentMs, this.#now() - handed.at].slice(-RECENT_DURATIONS);
    }
    this.#changed();
  }

  resume(): void {
    this.#gaveUp = false;
    for (const lane of this.#lanes) {
      lane.held = false;
      if (lane.state === 'down') this.#connect(lane);
    }
  }

  /**
   * The user stopped this engine: it takes no photo, and is neither recovered nor started again behind
   * their back (a lost photo's recovery or an empty pool would otherwise start it), until resume().
   */
  hold(id: string, reason: FacecraftError): void {
    const lane = this.#lanes.find((l) => l.member.ref.id === id);
    if (!lane) return;
    lane.held = true;
    this.#markDown(lane, reason);
    this.#changed();
  }

  /** All slots of the engines not known to be down (at least one, so the queue keeps asking). */
  photosInFlight(): number {
    const up = this.#lanes.filter((lane) => lane.state !== 'down');
    return Math.max(
      1,
      up.reduce((sum, lane) => sum + this.#capacity(lane), 0),
    );
  }

  activity(): EngineActivity[] {
    return this.#lanes.map((lane) => ({
      ...lane.member.ref,
      kind: lane.member.kind,
      state: lane.state,
      error: lane.error,
      inFlight: lane.inFlight,
      concurrency: this.#capacity(lane),
      done: lane.done,
      averageMs: averageOf(lane.recentMs),
      device: lane.serving?.deviceType ?? null,
      unavailableOptions: lane.serving?.unavailableOptions ?? null,
    }));
  }

  onChange(listener: () => void): () => void {
    return this.#changes.on(listener);
  }

  #capacity(lane: Lane): number {
    const wanted = lane.member.concurrency?.() ?? lane.member.engine.photosInFlight?.() ?? 1;
    return Math.max(1, Math.floor(wanted));
  }

  #worthAsking(lane: Lane): boolean {
    if (lane.connecting || lane.held) return false;
    if (lane.state === 'unknown') return true;
    const retry = lane.member.retryAfterMs;
    return lane.state === 'down' && retry !== null && this.#now() - lane.downAt >= retry;
  }

  /** The ready engine with a free slot that should finish a photo first. */
  #freest(): Lane | null {
    let best: Lane | null = null;
    for (const lane of this.#lanes) {
      if (lane.state !== 'ready' || !lane.serving || lane.inFlight >= this.#capacity(lane)) continue;
      if (!best || rank(lane, this.#capacity(lane)) < rank(best, this.#capacity(best))) best = lane;
    }
    return best;
  }

  #handOut(lane: Lane, serving: ServingEngine): ServingEngine {
    lane.inFlight++;
    // A copy per photo: the pool knows each handed-out slot by its object.
    const slot: ServingEngine = { ...serving, engine: lane.member.ref };
    this.#handedOut.set(slot, { lane, at: this.#now() });
    this.#changed();
    return slot;
  }

  #return(serving: ServingEngine): void {
    const handed = this.#handedOut.get(serving);
    if (!handed) return;
    this.#handedOut.delete(serving);
    handed.lane.inFlight = Math.max(0, handed.lane.inFlight - 1);
  }

  /** Brings an engine up in the background (acquire, or the given recovery) and records how it went. */
  #connect(lane: Lane, bringUp: () => Promise<ServingEngine> = () => lane.member.engine.acquire()): void {
    if (lane.connecting) return;
    // Stopped by the user while it came up: it stays held, whatever the answer.
    const settle = (outcome: () => void): void => {
      lane.connecting = null;
      if (!lane.held) outcome();
      this.#changed();
    };
    lane.connecting = bringUp().then(
      (serving) =>
        settle(() => {
          Object.assign(lane, { state: 'ready', error: null, serving });
          this.#gaveUp = false;
        }),
      (error: unknown) => settle(() => this.#markDown(lane, error)),
    );
  }

  #markDown(lane: Lane, reason: unknown): void {
    Object.assign(lane, {
      state: 'down',
      error: toBridgeError(reason),
      serving: null,
      downAt: this.#now(),
      downEvent: ++this.#downEvents,
    });
  }

  #noEngine(): FacecraftError {
    const down = this.#lanes.filter((lane) => lane.error);
    const first = down[0]?.error;
    if (this.#lanes.length === 1 && first) return new FacecraftError(first.code, first.message);
    const reasons = down.map((lane) => `${lane.member.ref.label}: ${lane.error?.message}`).join(' ');
    return new FacecraftError(first?.code ?? 'engine-not-ready', `No engine can take photos. ${reasons}`);
  }

  #nextChange(signal?: AbortSignal): Promise<void> {
    let off = (): void => undefined;
    const next = new Promise<void>((resolve) => {
      off = this.#changes.on(() => resolve());
    });
    const waited = signal ? untilAborted(next, signal) : next;
    return waited.finally(off);
  }

  #changed(): void {
    this.#changes.emit();
  }
}

function newLane(member: PoolMember): Lane {
  return {
    member,
    state: 'unknown',
    error: null,
    serving: null,
    connecting: null,
    downAt: 0,
    downEvent: 0,
    inFlight: 0,
    done: 0,
    recentMs: [],
    held: false,
  };
}

function averageOf(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sooner is better: its time per photo (0 when unmeasured), then how busy it is. */
function rank(lane: Lane, capacity: number): number {
  return (averageOf(lane.recentMs) ?? 0) * (1 + lane.inFlight / capacity) + lane.inFlight / capacity;
}
