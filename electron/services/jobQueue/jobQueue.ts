/**
 * Photos in, results out: the queue's state machine. Each item: queued → uploading → processing →
 * done | failed(reason) | cancelled. Its seams: the engine (QueueEngine, with one shared recovery in
 * engineRecovery.ts), the file (queueStore.ts), result files (resultFiles.ts), the summary (queueSnapshot.ts).
 * Runs as many photos at once as the engine can take (over several engines: enginePool.ts), survives
 * the engine dying (an item in flight moves to the restarted engine, or to another live one) and the
 * app quitting (queue.json; in-flight items resume).
 * Results land in the app's work folder; the originals are only ever read.
 */
import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type {
  AddResult,
  ImageKind,
  ProcessOptions,
  QueueItem,
  QueueItemResult,
  QueueSnapshot,
  SkippedPath,
} from '../../../contract/domain.ts';
import { type BridgeError, FacecraftError, toBridgeError } from '../../../contract/errors.ts';
import { EngineClient, type EngineClientOptions } from '../engineClient/engineClient.ts';
import { isEngineLoss } from '../engineClient/engineErrors.ts';
import { expandPaths } from '../files/expandPaths.ts';
import { Listeners } from '../listeners.ts';
import { assertProcessOptions } from '../settings/validateSettings.ts';
import { type Throttled, throttle } from '../throttle.ts';
import { SharedRecovery, untilAborted } from './engineRecovery.ts';
import type { QueueEngine, ServingEngine } from './queueEngine.ts';
import { countItems, currentName, estimateSeconds, isActive } from './queueSnapshot.ts';
import { loadQueue, QueueWriter } from './queueStore.ts';
import { deleteResultFiles, itemDataUrl, writeResultFiles, writeThumbnailFile } from './resultFiles.ts';
import { resultMeasurements, sharedResult, snapshotItem } from './sharedResult.ts';

export const QUEUE_FILE = 'queue.json';
export const WORK_DIR = 'work';

export interface JobQueueOptions {
  /** queue.json and the work folder with results live here. */
  dataDir: string;
  engine: QueueEngine;
  /** Options given to photos added without their own (the current settings). */
  defaultOptions: () => ProcessOptions;
  /** Photos in flight at once; read before each dispatch so a device switch takes effect. */
  concurrency?: number | (() => number);
  /** Minimum time between snapshot events (100 ms ≈ 10 per second). */
  snapshotIntervalMs?: number;
  client?: EngineClientOptions;
}

interface Running {
  controller: AbortController;
  /** Set when the queue is shutting down: the item goes back to queued instead of cancelled. */
  requeue: boolean;
  done: Promise<void>;
}

const RECENT_DURATIONS = 8;

export class JobQueue {
  readonly dataDir: string;
  readonly workDir: string;
  readonly #file: string;
  readonly #options: JobQueueOptions;
  #items: QueueItem[];
  readonly #running = new Map<string, Running>();
  /** Thumbnails being made on request, one per result however often the page asks. */
  readonly #makingThumbnails = new Map<QueueItemResult, Promise<void>>();
  readonly #snapshotListeners = new Listeners<QueueSnapshot>();
  readonly #emitSnapshot: Throttled;
  #recentMs: number[] = [];
  #blocked: BridgeError | null = null;
  #disposed = false;
  readonly #writer: QueueWriter;
  readonly #recover: (lost: ServingEngine, signal: AbortSignal, reason: unknown) => Promise<ServingEngine>;
  readonly #offEngine: () => void;

  private constructor(options: JobQueueOptions, items: QueueItem[]) {
    this.#options = options;
    this.dataDir = options.dataDir;
    this.workDir = path.join(options.dataDir, WORK_DIR);
    this.#file = path.join(options.dataDir, QUEUE_FILE);
    this.#items = items.map((item) => (item.result ? { ...item, result: sharedResult(item.result) } : item));
    this.#writer = new QueueWriter(this.#file, () => this.#items);
    const engine = options.engine;
    // An engine handing out a slot per photo must see each photo's recovery: one shared answer would put them all in one slot.
    const shared = new SharedRecovery(engine);
    this.#recover = engine.release
      ? (lost, signal, reason) => engine.recover(lost, signal, reason)
      : (lost, signal) => shared.recover(lost, signal);
    // An engine coming up or added means more photos can go at once; the queue file does not change.
    this.#offEngine =
      engine.onChange?.(() => {
        if (this.#disposed) return;
        this.#emitSnapshot();
        this.#pump();
      }) ?? (() => undefined);
    this.#emitSnapshot = throttle(
      () => this.#snapshotListeners.emit(this.snapshot()),
      options.snapshotIntervalMs ?? 100,
    );
  }

  /** Loads the saved queue (in-flight items come back queued) and starts working on it. */
  static async open(options: JobQueueOptions): Promise<JobQueue> {
    const queue = new JobQueue(options, await loadQueue(path.join(options.dataDir, QUEUE_FILE)));
    queue.#changed();
    queue.#pump();
    return queue;
  }

  snapshot(): QueueSnapshot {
    const counts = countItems(this.#items);
    return {
      items: this.#items.map(snapshotItem),
      counts,
      etaSeconds: estimateSeconds(counts, this.#recentMs, this.#concurrency()),
      currentName: currentName(this.#items),
      blocked: this.#blocked,
      engines: this.#options.engine.activity?.() ?? [],
    };
  }

  item(id: string): QueueItem | null {
    const found = this.#items.find((i) => i.id === id);
    return found ? structuredClone(found) : null;
  }

  onSnapshot(listener: (snapshot: QueueSnapshot) => void): () => void {
    return this.#snapshotListeners.on(listener);
  }

  /** Resolves when nothing is queued or in flight (or the queue is blocked on the engine). */
  idle(): Promise<QueueSnapshot> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        const s = this.snapshot();
        if (s.counts.active === 0 && (s.counts.queued === 0 || s.blocked)) {
          off();
          resolve(s);
          return true;
        }
        return false;
      };
      const off = this.onSnapshot(() => check());
      check();
    });
  }

  async add(paths: readonly string[], options?: ProcessOptions): Promise<AddResult> {
    this.#assertOpen();
    if (options) assertProcessOptions(options);
    const { images, skipped } = await expandPaths(paths);
    const added: QueueItem[] = [];
    const allSkipped: SkippedPath[] = [...skipped];
    const pending = new Set(
      this.#items.filter((i) => i.state === 'queued' || isActive(i.state)).map((i) => i.path),
    );
    for (const image of images) {
      if (pending.has(image.path)) {
        allSkipped.push({ path: image.path, reason: 'This photo is already waiting in the queue.' });
        continue;
      }
      pending.add(image.path);
      const item: QueueItem = {
        id: randomUUID(),
        path: image.path,
        name: path.basename(image.path),
        sizeBytes: image.sizeBytes,
        state: 'queued',
        error: null,
        attempts: 0,
        options: structuredClone(options ?? this.#options.defaultOptions()),
        addedAt: Date.now(),
        startedAt: null,
        finishedAt: null,
        result: null,
      };
      this.#items.push(item);
      added.push(structuredClone(item));
    }
    this.#blocked = null;
    this.#changed();
    this.#pump();
    return { added, skipped: allSkipped };
  }

  /** Cancels queued and in-flight items (all of them when ids is omitted). */
  cancel(ids?: readonly string[]): void {
    for (const item of this.#select(ids)) {
      if (item.state === 'queued') this.#finish(item, 'cancelled', null);
      else if (isActive(item.state)) this.#running.get(item.id)?.controller.abort();
    }
    this.#changed();
  }

  /** Failed and cancelled items go back to the queue (all of them when ids is omitted). */
  retry(ids?: readonly string[]): void {
    this.#assertOpen();
    for (const item of this.#select(ids)) {
      if (item.state !== 'failed' && item.state !== 'cancelled') continue;
      Object.assign(item, { state: 'queued', error: null, startedAt: null, finishedAt: null });
    }
    this.#blocked = null;
    this.#changed();
    this.#pump();
  }

  /** Processes a finished item again with other options; its previous result files are replaced. */
  async rerun(id: string, options: ProcessOptions): Promise<void> {
    this.#assertOpen();
    assertProcessOptions(options);
    const item = this.#require(id);
    if (item.state === 'queued' || isActive(item.state))
      throw new FacecraftError(
        'invalid-argument',
        `${item.name} is still being processed; wait for it to finish.`,
      );
    await deleteResultFiles(this.workDir, item.result);
    Object.assign(item, {
      state: 'queued',
      error: null,
      options: structuredClone(options),
      startedAt: null,
      finishedAt: null,
      result: null,
    });
    this.#blocked = null;
    this.#changed();
    this.#pump();
  }

  /** Removes items (cancelling those in flight) and their results in the work folder. */
  async remove(ids: readonly string[]): Promise<void> {
    const doomed = this.#select(ids);
    await Promise.all(
      doomed.map(async (item) => {
        const running = this.#running.get(item.id);
        if (running) {
          running.controller.abort();
          await running.done;
        }
      }),
    );
    const gone = new Set(doomed.map((i) => i.id));
    this.#items = this.#items.filter((i) => !gone.has(i.id));
    await Promise.all(doomed.map((item) => deleteResultFiles(this.workDir, item.result)));
    this.#changed();
  }

  /** Empties the queue: in-flight photos are cancelled, every item and its work files removed. */
  async clear(): Promise<void> {
    await this.remove(this.#items.map((i) => i.id));
  }

  /** The file behind an item, for display: only paths the queue itself knows, never an arbitrary one. */
  async imageDataUrl(id: string, kind: ImageKind): Promise<string> {
    const item = this.#require(id);
    if (kind === 'thumbnail' && item.state === 'done' && item.result && !item.result.thumbnailPath)
      await this.#makeThumbnail(item, item.result);
    return itemDataUrl(item, kind);
  }

  /** A result without its thumbnail (an older version's, or one sharp failed on) gets it when first asked. */
  #makeThumbnail(item: QueueItem, result: QueueItemResult): Promise<void> {
    let making = this.#makingThumbnails.get(result);
    if (!making) {
      making = writeThumbnailFile(this.workDir, result.pngPath)
        .then(async (thumbnailPath) => {
          // The result may have been replaced (a re-run) or removed meanwhile: then the file is nobody's.
          if (item.result === result && this.#items.includes(item)) {
            item.result = sharedResult({ ...result, thumbnailPath });
            this.#changed();
          } else await rm(thumbnailPath, { force: true });
        })
        .finally(() => this.#makingThumbnails.delete(result));
      this.#makingThumbnails.set(result, making);
    }
    return making;
  }

  /** Records where the user saved an item's result. */
  markSaved(id: string, paths: readonly string[]): void {
    const item = this.#items.find((i) => i.id === id);
    if (!item?.result) return;
    item.result = sharedResult({ ...item.result, savedTo: [...item.result.savedTo, ...paths] });
    this.#changed();
  }

  /** Starts dispatching again after the engine became available (e.g. the user started it). */
  resume(): void {
    if (this.#disposed) return;
    this.#options.engine.resume?.();
    this.#blocked = null;
    this.#changed();
    this.#pump();
  }

  /**
   * Stops work for quitting: photos in flight go back to queued (they run again next time), the
   * queue file is written, and no events follow.
   */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#offEngine();
    const running = [...this.#running.values()];
    for (const r of running) {
      r.requeue = true;
      r.controller.abort();
    }
    await Promise.all(running.map((r) => r.done));
    this.#emitSnapshot.cancel();
    await this.#writer.flush();
  }

  #concurrency(): number {
    const c = this.#options.concurrency;
    const limit = this.#options.engine.photosInFlight?.() ?? null;
    // Without a setting, what the engine (or every engine of a pool together) takes.
    const wanted = c === undefined ? (limit ?? 2) : typeof c === 'function' ? c() : c;
    return Math.max(1, Math.floor(limit === null ? wanted : Math.min(wanted, limit)));
  }

  #pump(): void {
    while (!this.#disposed && !this.#blocked && this.#running.size < this.#concurrency()) {
      const next = this.#items.find((i) => i.state === 'queued' && !this.#running.has(i.id));
      if (!next) return;
      this.#start(next);
    }
  }

  #start(item: QueueItem): void {
    const controller = new AbortController();
    const running: Running = { controller, requeue: false, done: Promise.resolve() };
    this.#running.set(item.id, running);
    Object.assign(item, { state: 'uploading', error: null, startedAt: Date.now(), finishedAt: null });
    this.#changed();
    running.done = this.#run(item, running)
      .catch((error: unknown) => this.#settleError(item, running, error))
      .finally(() => {
        this.#running.delete(item.id);
        this.#changed();
        this.#pump();
      });
  }

  async #run(item: QueueItem, running: Running): Promise<void> {
    const { signal } = running.controller;
    let bytes: Buffer<ArrayBuffer>;
    try {
      bytes = await readFile(item.path);
    } catch {
      throw new FacecraftError(
        'file-unreadable',
        `${item.name} could not be read; it may have been moved or deleted.`,
      );
    }
    const source = this.#options.engine;
    // No engine at all, at the start or after a loss (the user stopped it, Docker went away), is not this
    // photo's fault: it waits queued with the reason instead of failing.
    const engineOrWait = async (finding: Promise<ServingEngine>): Promise<ServingEngine> => {
      try {
        // A slot-handing engine honours the signal itself: cutting its answer short here would lose the slot.
        return await (source.release ? finding : untilAborted(finding, signal));
      } catch (error) {
        if (signal.aborted) throw error;
        this.#blocked = toBridgeError(error);
        running.requeue = true;
        throw error;
      }
    };
    let engine = await engineOrWait(source.acquire(signal));
    const moves = source.movesPerPhoto ?? 1;
    // The slot this photo holds on a slot-handing engine; given back however the photo ends.
    let held: ServingEngine | null = engine;
    try {
      for (let attempt = 1; ; attempt++) {
        item.attempts++;
        Object.assign(item, { state: 'uploading' });
        this.#changed();
        try {
          item.result = sharedResult(await this.#process(item, engine, bytes, signal));
          // Given back before the item shows done, so the engine's count agrees with the queue's.
          if (held) source.release?.(held, 'done');
          held = null;
          this.#recentMs = [...this.#recentMs, Date.now() - (item.startedAt ?? Date.now())].slice(
            -RECENT_DURATIONS,
          );
          this.#finish(item, 'done', null);
          return;
        } catch (error) {
          // The engine went away mid-photo (or refused the key): bring it back, or take another, and send the photo again.
          if (attempt > moves || !isEngineLoss(error) || signal.aborted) throw error;
          held = null;
          engine = await engineOrWait(this.#recover(engine, signal, error));
          held = engine;
        }
      }
    } finally {
      if (held) source.release?.(held, 'failed');
    }
  }

  /** One photo on one engine: sent, its result files written, its preview made. */
  async #process(
    item: QueueItem,
    engine: ServingEngine,
    bytes: Buffer<ArrayBuffer>,
    signal: AbortSignal,
  ): Promise<QueueItemResult> {
    const client = new EngineClient(engine.connection, this.#options.client);
    const photo = await client.processPhoto({ bytes, name: item.name }, item.options, {
      signal,
      onUploaded: () => {
        if (item.state === 'uploading') {
          item.state = 'processing';
          this.#changed();
        }
      },
    });
    return {
      ...(await writeResultFiles(this.workDir, item.name, photo)),
      face: photo.face,
      faceCount: photo.faceCount,
      ...(photo.faceCountKnown === false ? { faceCountKnown: false as const } : {}),
      outputSize: photo.outputSize,
      processingMs: photo.processingMs,
      device: engine.deviceType,
      ...(engine.engine ? { engine: engine.engine } : {}),
      pngBackground: photo.pngBackground,
      savedTo: [],
      transform: photo.transform,
      measurements: resultMeasurements(photo.measurements),
    };
  }

  #settleError(item: QueueItem, running: Running, error: unknown): void {
    if (running.requeue) {
      Object.assign(item, { state: 'queued', startedAt: null });
      return;
    }
    if (running.controller.signal.aborted) {
      this.#finish(item, 'cancelled', null);
      return;
    }
    this.#finish(item, 'failed', toBridgeError(error));
  }

  #finish(item: QueueItem, state: 'done' | 'failed' | 'cancelled', error: BridgeError | null): void {
    Object.assign(item, { state, error, finishedAt: Date.now() });
    this.#changed();
  }

  #select(ids: readonly string[] | undefined): QueueItem[] {
    if (!ids) return [...this.#items];
    const wanted = new Set(ids);
    return this.#items.filter((i) => wanted.has(i.id));
  }

  #require(id: string): QueueItem {
    const item = this.#items.find((i) => i.id === id);
    if (!item) throw new FacecraftError('invalid-argument', 'That photo is no longer in the queue.');
    return item;
  }

  #assertOpen(): void {
    if (this.#disposed) throw new FacecraftError('internal', 'The queue has been shut down.');
  }

  #changed(): void {
    if (this.#disposed && this.#running.size === 0) return;
    this.#emitSnapshot();
    this.#writer.schedule();
  }
}
