/** Done queue items made for the EU passport (413 × 531 px) with the head where a test wants it. */
import { findDocument } from '../../contract/documentGeometry.ts';
import { documentOptions } from '../../contract/documentProcessFields.ts';
import type { PhotoDocument } from '../../contract/documentTypes.ts';
import type { QueueItem } from '../../contract/domain.ts';
import { DEFAULT_PROCESS_OPTIONS } from '../../contract/processOptions.ts';
import type { PortraitMeasurements } from '../../docker/api/portraitGeometry.ts';
import { queueItem } from './fakeBridge.ts';

export const EU: PhotoDocument = findDocument('eu-passport')!;

/** What the engine would measure with the crown, chin and eye line at these rows of a 413 × 531 photo. */
export function euMeasurements(crown: number, chin: number, eyes: number): PortraitMeasurements {
  return {
    crown_y: crown,
    chin_y: chin,
    eye_left: { x: 156, y: eyes },
    eye_right: { x: 258, y: eyes },
    eye_line_y: eyes,
    head_height_ratio: (chin - crown) / 531,
    head_width_ratio: 0.6,
    eye_line_from_bottom_ratio: (531 - eyes) / 531,
    center_offset_ratio: 0,
    roll_before_deg: 3,
    roll_after_deg: 0.1,
    inter_eye_px: 102,
    landmarks: [],
  };
}

/** A passing head: 75 % of the height, eyes 60 % up. */
export const EU_PASSING = euMeasurements(22, 422, 210);
/** A head too small: 58 % of the height. */
export const EU_TOO_SMALL = euMeasurements(120, 428, 265);

export function euDone(n: number, measurements: PortraitMeasurements | null): QueueItem {
  return queueItem(n, {
    state: 'done',
    finishedAt: n,
    options: documentOptions(EU, DEFAULT_PROCESS_OPTIONS),
    result: {
      pngPath: `/w/${n}.png`,
      jpgPath: `/w/${n}.jpg`,
      face: null,
      faceCount: 1,
      outputSize: { width: 413, height: 531 },
      measurements,
      processingMs: 5000,
      device: 'cpu',
      savedTo: [],
    },
  });
}
