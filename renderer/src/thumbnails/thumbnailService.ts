import type { FullPictureKind } from '../../../contract/domain.ts';
import { getBridge } from '../lib/bridge.ts';
import type { ThumbnailReply, ThumbnailRequest } from './thumbnailWorker.ts';

/**
 * Thumbnails: the bridge gives a data: URL, a Web Worker shrinks it (createImageBitmap + OffscreenCanvas),
 * and the page shows a small blob: URL. Where workers are missing (unit tests) the data: URL is used as is.
 */
const THUMBNAIL_SIZE = 160;
// A few at a time: each request carries a whole photo across the bridge.
const MAX_IN_FLIGHT = 4;

const cache = new Map<string, Promise<string>>();
const pending = new Map<string, { resolve(url: string): void; reject(error: Error): void }>();
const waiting: (() => void)[] = [];
let inFlight = 0;
let worker: Worker | null | undefined;

function getWorker(): Worker | null {
  if (worker !== undefined) return worker;
  if (typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined') {
    worker = null;
    return worker;
  }
  try {
    worker = new Worker(new URL('./thumbnailWorker.ts', import.meta.url), { type: 'module' });
  } catch {
    // Some shells refuse workers from file:// pages; full-size pictures still work, just heavier.
    worker = null;
    return worker;
  }
  worker.onerror = () => {
    // A worker that cannot start fails every waiting request; later ones go without it.
    worker = null;
    for (const [key, waiter] of pending) {
      pending.delete(key);
      waiter.reject(new Error('thumbnail worker failed'));
    }
  };
  worker.onmessage = (event: MessageEvent<ThumbnailReply>) => {
    const reply = event.data;
    const waiter = pending.get(reply.key);
    pending.delete(reply.key);
    if (!waiter) return;
    if ('blob' in reply) waiter.resolve(URL.createObjectURL(reply.blob));
    else waiter.reject(new Error(reply.error));
  };
  return worker;
}

async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => waiting.push(resolve));
  inFlight += 1;
  try {
    return await work();
  } finally {
    inFlight -= 1;
    waiting.shift()?.();
  }
}

async function generate(key: string, id: string, kind: FullPictureKind): Promise<string> {
  return slot(async () => {
    const dataUrl = await getBridge().queue.image(id, kind);
    const thumbnailer = getWorker();
    if (!thumbnailer) return dataUrl;
    return new Promise<string>((resolve, reject) => {
      pending.set(key, { resolve, reject });
      thumbnailer.postMessage({ key, dataUrl, size: THUMBNAIL_SIZE } satisfies ThumbnailRequest);
    });
  });
}

/** version changes when the picture changes (a re-run), so a stale thumbnail is never shown. */
export function getThumbnail(
  id: string,
  kind: FullPictureKind,
  version: string | number = 0,
): Promise<string> {
  const key = `${id}:${kind}:${version}`;
  let promise = cache.get(key);
  if (!promise) {
    promise = generate(key, id, kind);
    cache.set(key, promise);
    promise.catch(() => cache.delete(key));
  }
  return promise;
}
