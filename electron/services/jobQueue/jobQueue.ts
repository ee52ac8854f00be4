/**
 * Photos in, results out. Each item: queued → uploading → processing → done | failed(reason) | cancelled.
 * Runs as many photos at once as the engine can take, survives the engine dying (an item in flight is
 * retried once on the restarted engine) and the app quitting (queue.json; in-flight items resume).
 * Results land in the app's work folder; the originals are only ever read.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type {
  AddResult,
  ProcessOptions,
  QueueItem,
  QueueItemResult,
  QueueSnapshot,
  SkippedPath,
} from '../../../contract/domain.ts';
import { type BridgeError, FacecraftError, isBridgeError } from '../../../contract/errors.ts';
import { EngineClient, type EngineClientOptions } from '../engineClient/engineClient.ts';
import { isConnectionLoss } from '../engineClient/engineErrors.ts';
import { writeNewFile } from '../files/atomicWrite.ts';
import { expandPaths } from '../files/expandPaths.ts';
import { imageTypeOfHeader, mimeTypeOf } from '../files/imageType.ts';
import { assertProcessOptions } from '../settings/validateSettings.ts';
import type { QueueEngine, ServingEngine } from './queueEngine.ts';
import { countItems, currentName, estimateSeconds, isActive } from './queueSnapshot.ts';
import { loadQueue, saveQueue } from './queueStore.ts';
import { type Throttled, throttle } from './throttle.ts';

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
  readonly #events = new EventEmitter<{ snapshot: [QueueSnapshot] }>();
  readonly #emitSnapshot: Throttled;
  #recentMs: number[] = [];
  #blocked: BridgeError | null = null;
  #disposed = false;
  #saving: Promise<void> | null = null;
  #saveAgain = false;
  #recovery: { lost: string; promise: Promise<ServingEngine> } | null = null;

  private constructor(options: JobQueueOptions, items: QueueItem[]) {
    this.#options = options;
    this.dataDir = options.dataDir;
    this.workDir = path.join(options.dataDir, WORK_DIR);
    this.#file = path.join(options.dataDir, QUEUE_FILE);
    this.#items = items;
    this.#emitSnapshot = throttle(
      () => this.#events.emit('snapshot', this.snapshot()),
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
      items: structuredClone(this.#items),
      counts,
      etaSeconds: estimateSeconds(counts, this.#recentMs, this.#concurrency()),
      currentName: currentName(this.#items),
      blocked: this.#blocked,
    };
  }

  item(id: string): QueueItem | null {
    const found = this.#items.find((i) => i.id === id);
    return found ? structuredClone(found) : null;
  }

  onSnapshot(listener: (snapshot: QueueSnapshot) => void): () => void {
    this.#events.on('snapshot', listener);
    return () => this.#events.off('snapshot', listener);
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
    await this.#deleteWorkFiles(item.result);
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
    await Promise.all(doomed.map((item) => this.#deleteWorkFiles(item.result)));
    this.#changed();
  }

  /** Empties the queue: in-flight photos are cancelled, every item and its work files removed. */
  async clear(): Promise<void> {
    await this.remove(this.#items.map((i) => i.id));
  }

  /** The file behind an item, for display: only paths the queue itself knows, never an arbitrary one. */
  async imageDataUrl(id: string, kind: 'original' | 'result'): Promise<string> {
    const item = this.#require(id);
    const filePath = kind === 'original' ? item.path : item.result?.pngPath;
    if (!filePath) throw new FacecraftError('invalid-argument', `${item.name} has no result yet.`);
    let bytes: Buffer;
    try {
      bytes = await readFile(filePath);
    } catch {
      throw new FacecraftError('file-unreadable', `${path.basename(filePath)} could not be read any more.`);
    }
    const type = imageTypeOfHeader(bytes.subarray(0, 12));
    if (!type)
      throw new FacecraftError('unsupported-file', `${path.basename(filePath)} is no longer an image.`);
    return `data:${mimeTypeOf(type)};base64,${bytes.toString('base64')}`;
  }

  /** Records where the user saved an item's result. */
  markSaved(id: string, paths: readonly string[]): void {
    const item = this.#items.find((i) => i.id === id);
    if (!item?.result) return;
    item.result.savedTo.push(...paths);
    this.#changed();
  }

  /** Starts dispatching again after the engine became available (e.g. the user started it). */
  resume(): void {
    if (this.#disposed) return;
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
    const running = [...this.#running.values()];
    for (const r of running) {
      r.requeue = true;
      r.controller.abort();
    }
    await Promise.all(running.map((r) => r.done));
    this.#emitSnapshot.cancel();
    await this.#flushSave();
  }

  #concurrency(): number {
    const c = this.#options.concurrency;
    const n = typeof c === 'function' ? c() : (c ?? 2);
    const limit = this.#options.engine.photosInFlight?.() ?? n;
    return Math.max(1, Math.floor(Math.min(n, limit)));
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
    let engine: ServingEngine;
    try {
      engine = await untilAborted(this.#options.engine.acquire(signal), signal);
    } catch (error) {
      if (signal.aborted) throw error;
      // No engine at all is not this photo's fault: keep it queued and wait for the engine.
      this.#blocked = toBridgeError(error);
      running.requeue = true;
      throw error;
    }
    for (let attempt = 1; ; attempt++) {
      item.attempts++;
      Object.assign(item, { state: 'uploading' });
      this.#changed();
      const client = new EngineClient(engine.connection, this.#options.client);
      try {
        const photo = await client.processPhoto({ bytes, name: item.name }, item.options, {
          signal,
          onUploaded: () => {
            if (item.state === 'uploading') {
              item.state = 'processing';
              this.#changed();
            }
          },
        });
        const stem = path.parse(item.name).name;
        const pngPath = await writeNewFile(this.workDir, `${stem}.png`, photo.png);
        const jpgPath = await writeNewFile(this.workDir, `${stem}.jpg`, photo.jpg);
        const result: QueueItemResult = {
          pngPath,
          jpgPath,
          face: photo.face,
          faceCount: photo.faceCount,
          outputSize: photo.outputSize,
          processingMs: photo.processingMs,
          device: engine.deviceType,
          pngBackground: photo.pngBackground,
          savedTo: [],
        };
        item.result = result;
        this.#recentMs = [...this.#recentMs, Date.now() - (item.startedAt ?? Date.now())].slice(
          -RECENT_DURATIONS,
        );
        this.#finish(item, 'done', null);
        return;
      } catch (error) {
        // The engine went away mid-photo: once, bring it back and send the photo again.
        if (attempt === 1 && isConnectionLoss(error) && !signal.aborted) {
          engine = await untilAborted(this.#recover(engine, signal), signal);
          continue;
        }
        throw error;
      }
    }
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

  /** Several photos lose the same engine at once: one recovery serves them all. */
  #recover(lost: ServingEngine, signal: AbortSignal): Promise<ServingEngine> {
    if (this.#recovery?.lost !== lost.connection.url) {
      const promise = this.#options.engine.recover(lost, signal);
      this.#recovery = { lost: lost.connection.url, promise };
      promise.catch(() => {
        if (this.#recovery?.promise === promise) this.#recovery = null;
      });
    }
    return this.#recovery.promise;
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

  async #deleteWorkFiles(result: QueueItemResult | null): Promise<void> {
    if (!result) return;
    // Only files inside our own work folder; what the user saved elsewhere is theirs.
    for (const file of [result.pngPath, result.jpgPath]) {
      if (path.dirname(file) === this.workDir) await rm(file, { force: true });
    }
  }

  #changed(): void {
    if (this.#disposed && this.#running.size === 0) return;
    this.#emitSnapshot();
    this.#scheduleSave();
  }

  /** One write at a time; changes during a write are coalesced into the next one. */
  #scheduleSave(): void {
    if (this.#saving) {
      this.#saveAgain = true;
      return;
    }
    this.#saving = (async () => {
      do {
        this.#saveAgain = false;
        await saveQueue(this.#file, this.#items).catch(() => undefined);
      } while (this.#saveAgain);
    })().finally(() => {
      this.#saving = null;
    });
  }

  async #flushSave(): Promise<void> {
    while (this.#saving) await this.#saving;
    await saveQueue(this.#file, this.#items);
  }
}

/** Waiting for an engine (a pull, a restart) must not keep a cancel or a quit waiting. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new FacecraftError('cancelled', 'Cancelled.'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new FacecraftError('cancelled', 'Cancelled.'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

export function toBridgeError(error: unknown): BridgeError {
  if (error instanceof FacecraftError) return error.toJSON();
  if (isBridgeError(error)) return { code: error.code, message: error.message };
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC')
    return { code: 'disk-full', message: 'The disk is full. Free some space and retry.' };
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return {
      code: 'output-unwritable',
      message: 'The app cannot write to its work folder (permission denied).',
    };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
