/**
 * The grid's document filter: each finished photo's overall verdict for the chosen document (pass,
 * check, fail), counted and filtered. Pure functions of the queue items and the document.
 */
import type { PhotoDocument } from '../../../contract/documentTypes.ts';
import type { RuleStatus } from '../../../contract/documentVerdict.ts';
import type { QueueItem } from '../../../contract/domain.ts';
import { queueItemVerdict } from '../../../contract/queueItemVerdict.ts';

/** 'any' shows every photo; a status shows the done photos whose verdict is that status. */
export type DocumentFilter = 'any' | RuleStatus;

/** The overall verdict of each done item with a result, by item id (failed photos have none). */
export function documentStatuses(doc: PhotoDocument, items: readonly QueueItem[]): Map<string, RuleStatus> {
  const statuses = new Map<string, RuleStatus>();
  for (const item of items) {
    if (item.state !== 'done') continue;
    const verdict = queueItemVerdict(doc, item);
    if (verdict) statuses.set(item.id, verdict.overall);
  }
  return statuses;
}

export function countDocumentStatuses(statuses: ReadonlyMap<string, RuleStatus>): Record<RuleStatus, number> {
  const counts: Record<RuleStatus, number> = { pass: 0, check: 0, fail: 0 };
  for (const status of statuses.values()) counts[status] += 1;
  return counts;
}

export function matchesDocumentFilter(
  statuses: ReadonlyMap<string, RuleStatus>,
  itemId: string,
  filter: DocumentFilter,
): boolean {
  return filter === 'any' || statuses.get(itemId) === filter;
}
