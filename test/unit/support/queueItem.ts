/** A queue item for tests of what is done with items (saving, the queue file): `id.jpg` under /photos. */
import {
  DEFAULT_PROCESS_OPTIONS,
  type QueueItem,
  type ResultMeasurements,
} from '../../../contract/domain.ts';

export function queueItem(id: string, state: QueueItem['state'], extra: Partial<QueueItem> = {}): QueueItem {
  return {
    id,
    path: `/photos/${id}.jpg`,
    name: `${id}.jpg`,
    sizeBytes: 1000,
    state,
    error: null,
    attempts: 0,
    options: DEFAULT_PROCESS_OPTIONS,
    addedAt: 1,
    startedAt: state === 'processing' ? 2 : null,
    finishedAt: null,
    result: null,
    ...extra,
  };
}

/** What our engine measured on a default 648 px portrait (the dark-skin man), as a result keeps it. */
export const MEASURED: ResultMeasurements = {
  crown_y: 64.3,
  chin_y: 511.42,
  eye_left: { x: 259.91, y: 301.98 },
  eye_right: { x: 394.42, y: 301.98 },
  eye_line_y: 301.98,
  head_height_ratio: 0.69,
  head_width_ratio: 0.4311,
  eye_line_from_bottom_ratio: 0.534,
  center_offset_ratio: -0.0008,
  roll_before_deg: -4.16,
  roll_after_deg: 0.425,
  inter_eye_px: 134.51,
};
