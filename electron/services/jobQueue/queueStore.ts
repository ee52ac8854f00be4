/**
 * The queue on disk (queue.json in the data folder), so quitting mid-batch loses nothing. Items that
 * were in flight come back as queued: their engine is gone, they simply run again.
 */
import { readFile, rename } from 'node:fs/promises';
import type { QueueItem, QueueItemResult } from '../../../contract/domain.ts';
import { writeFileAtomic } from '../files/atomicWrite.ts';
import { normalizeSettings } from '../settings/validateSettings.ts';
import { isActive } from './queueSnapshot.ts';
import { resultMeasurements } from './sharedResult.ts';

const FORMAT_VERSION = 1;

interface QueueFile {
  version: number;
  items: QueueItem[];
}

export async function loadQueue(filePath: string): Promise<QueueItem[]> {
  let raw: string;
  try {
    raw = await readFile(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // Keep the unreadable file for inspection rather than silently overwriting it.
    await rename(filePath, `${filePath}.bak`);
    return [];
  }
  const items = (parsed as Partial<QueueFile>)?.items;
  if (!Array.isArray(items)) return [];
  return items.filter(isStoredItem).map(resumeItem);
}

export async function saveQueue(filePath: string, items: readonly QueueItem[]): Promise<void> {
  const file: QueueFile = { version: FORMAT_VERSION, items: [...items] };
  await writeFileAtomic(filePath, JSON.stringify(file));
}

function isStoredItem(value: unknown): value is QueueItem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === 'string' &&
    typeof v.path === 'string' &&
    typeof v.name === 'string' &&
    typeof v.state === 'string'
  );
}

function resumeItem(item: QueueItem): QueueItem {
  const options = normalizeSettings({ options: item.options }).options;
  if (isActive(item.state)) return { ...item, options, state: 'queued', startedAt: null };
  return { ...item, options, result: keptResult(item.result) };
}

/**
 * Older versions kept each thumbnail inline as a data: URL and every result's 68 landmarks; both would
 * travel in every snapshot and every write of this file again. Dropped: the thumbnail file is made
 * when the page first asks, and nothing in the app uses the landmarks.
 */
function keptResult(result: QueueItemResult | null): QueueItemResult | null {
  if (!result) return result;
  const { thumbnail: _inline, ...rest } = result as QueueItemResult & { thumbnail?: unknown };
  return rest.measurements ? { ...rest, measurements: resultMeasurements(rest.measurements) } : rest;
}

/** Writes the queue file one write at a time; changes during a write are coalesced into the next one. */
export class QueueWriter {
  readonly #filePath: string;
  readonly #items: () => readonly QueueItem[];
  #saving: Promise<void> | null = null;
  #saveAgain = false;

  constructor(filePath: string, items: () => readonly QueueItem[]) {
    this.#filePath = filePath;
    this.#items = items;
  }

  /** Soon, in the background; a failed write is tried again with the next change. */
  schedule(): void {
    if (this.#saving) {
      this.#saveAgain = true;
      return;
    }
    this.#saving = (async () => {
      do {
        this.#saveAgain = false;
        await saveQueue(this.#filePath, this.#items()).catch(() => undefined);
      } while (this.#saveAgain);
    })().finally(() => {
      this.#saving = null;
    });
  }

  /** Now, after any write under way; rethrows a failure (quitting must know). */
  async flush(): Promise<void> {
    while (this.#saving) await this.#saving;
    await saveQueue(this.#filePath, this.#items());
  }
}
