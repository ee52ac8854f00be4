/**
 * A finished photo's result is never changed in place, only replaced, and is frozen to hold that:
 * every queue snapshot can then share it instead of copying it. Copying every result (with its 68
 * landmarks) for each snapshot cost the main process about 100 ms per thousand photos, up to ten
 * times a second (npm run bench:queue).
 */
import type { QueueItem, QueueItemResult, ResultMeasurements } from '../../../contract/domain.ts';
import type { PortraitMeasurements } from '../../../docker/api/portraitGeometry.ts';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export function sharedResult(result: QueueItemResult): Readonly<QueueItemResult> {
  return deepFreeze(result);
}

/** An item for a snapshot: its own fields copied, its (frozen) result shared. */
export function snapshotItem(item: QueueItem): QueueItem {
  return {
    ...item,
    options: structuredClone(item.options),
    error: item.error && structuredClone(item.error),
  };
}

/** What a result keeps of the engine's measurements (ResultMeasurements); older queue files held the landmarks too. */
export function resultMeasurements(
  measurements: PortraitMeasurements | ResultMeasurements | null | undefined,
): ResultMeasurements | null {
  if (!measurements) return null;
  if (!('landmarks' in measurements)) return measurements;
  const { landmarks: _landmarks, ...kept } = measurements;
  return kept;
}
