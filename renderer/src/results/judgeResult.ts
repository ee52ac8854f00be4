/**
 * What a finished photo needs from the person judging the batch: is it fine, failed (and why), or worth
 * a look (and why). Pure functions of a queue item.
 */
import type { QueueItem } from '../../../contract/domain.ts';
import { SOFT_ENLARGEMENT } from '../../../docker/api/softEnlargement.ts';
import { framingOf, framingScale } from '../compare/portraitFraming.ts';

export type Verdict = 'done' | 'needs-look' | 'failed';

export type ReasonCode = 'no-face' | 'failed' | 'several-faces' | 'small-face' | 'tilted';

export interface Reason {
  code: ReasonCode;
  /** The badge: a few words. */
  label: string;
  /** The whole sentence (badge title, screen readers). */
  detail: string;
}

export interface Judgement {
  verdict: Verdict;
  reasons: Reason[];
}

/** The portrait enlarges the photo more than this: the face was small and the result will look soft. */
export const SMALL_FACE_ENLARGEMENT = SOFT_ENLARGEMENT;
/** Roll left in the portrait (degrees) beyond which the levelling did not correct the tilt. */
export const TILT_LEFT_DEGREES = 1.5;

export function judge(item: QueueItem): Judgement {
  if (item.state === 'failed') {
    const noFace = item.error?.code === 'no-face';
    return {
      verdict: 'failed',
      reasons: [
        noFace
          ? { code: 'no-face', label: 'No face', detail: item.error?.message ?? 'No face was found.' }
          : { code: 'failed', label: 'Failed', detail: item.error?.message ?? 'Unknown error' },
      ],
    };
  }
  const result = item.result;
  if (item.state !== 'done' || !result) return { verdict: 'done', reasons: [] };
  const reasons: Reason[] = [];
  if (result.faceCount > 1)
    reasons.push({
      code: 'several-faces',
      label: `${result.faceCount} faces`,
      detail: `${result.faceCount} faces were found; the largest was used.`,
    });
  const framing = framingOf(result, item.options.faceMargin);
  const enlargement = framing ? framingScale(framing) : 0;
  // At the limit counts too: document framing stops exactly there for a face too small in its photo
  // (the engine reports the scale to 6 digits).
  if (enlargement >= SMALL_FACE_ENLARGEMENT - 1e-3)
    reasons.push({
      code: 'small-face',
      label: 'Small face',
      detail: `The face is small in the photo: the portrait enlarges it ${enlargement.toFixed(1)}×, so it may look soft.`,
    });
  const rollAfter = result.measurements?.roll_after_deg;
  if (rollAfter !== undefined && Math.abs(rollAfter) > TILT_LEFT_DEGREES) {
    const before = result.measurements?.roll_before_deg ?? rollAfter;
    reasons.push({
      code: 'tilted',
      label: 'Still tilted',
      detail: `The head was tilted ${Math.abs(before).toFixed(1)}°; ${Math.abs(rollAfter).toFixed(1)}° is left after levelling.`,
    });
  }
  return { verdict: reasons.length > 0 ? 'needs-look' : 'done', reasons };
}

export type ResultFilter = 'all' | Verdict;
export type ResultSort = 'queue' | 'verdict' | 'name';

const VERDICT_ORDER: Record<Verdict, number> = { failed: 0, 'needs-look': 1, done: 2 };

export interface JudgedItem {
  item: QueueItem;
  judgement: Judgement;
}

/** The finished items (done or failed), judged, filtered and sorted for the grid. */
export function judgeBatch(
  items: readonly QueueItem[],
  filter: ResultFilter,
  sort: ResultSort,
): JudgedItem[] {
  const judged = items
    .filter((i) => i.state === 'done' || i.state === 'failed')
    .map((item) => ({ item, judgement: judge(item) }))
    .filter((j) => filter === 'all' || j.judgement.verdict === filter);
  if (sort === 'name') judged.sort((a, b) => a.item.name.localeCompare(b.item.name));
  else if (sort === 'verdict')
    judged.sort((a, b) => VERDICT_ORDER[a.judgement.verdict] - VERDICT_ORDER[b.judgement.verdict]);
  return judged;
}

export function countVerdicts(judged: readonly JudgedItem[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { done: 0, 'needs-look': 0, failed: 0 };
  for (const j of judged) counts[j.judgement.verdict] += 1;
  return counts;
}
