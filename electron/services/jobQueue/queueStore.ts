/**
 * The queue on disk (queue.json in the data folder), so quitting mid-batch loses nothing. Items that
 * were in flight come back as queued: their engine is gone, they simply run again.
 */
import { readFile, rename } from 'node:fs/promises';
import type { QueueItem } from '../../../contract/domain.ts';
import { writeFileAtomic } from '../files/atomicWrite.ts';
import { normalizeSettings } from '../settings/validateSettings.ts';
import { isActive } from './queueSnapshot.ts';

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
  return { ...item, options };
}
