/**
 * Framing by a rule (our engine's target_head_ratio / target_eye_line fields): the crop of the
 * levelled photo that puts the measured head (crown from the segmentation, chin from the landmarks)
 * at the wanted share of the output height and the eye line at the wanted height. Generic: the
 * engine knows no document, only the targets. Pure, in levelled source pixels.
 */
import { SOFT_ENLARGEMENT } from '../../api/softEnlargement.ts';

export interface MeasuredHead {
  /** Top of the head, hair included. */
  crownY: number;
  /** Bottom of the chin. */
  chinY: number;
  /** Mean y of the eye centres. */
  eyeLineY: number;
  /** x of the face's centre (midpoint of the eyes, or of the jaw). */
  centerX: number;
}

export interface FramingTargets {
  /** (chin − crown) / output height, 0..1 exclusive. */
  headRatio: number;
  /** Eye line up from the bottom / output height; null: placed by the head's own proportions. */
  eyeLineFromBottom: number | null;
  width: number;
  height: number;
}

export interface DocumentCrop {
  /** The output rectangle in source pixels (may reach outside the source: see padding). */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Output pixels per source pixel (> 1 enlarges the photo), at most SOFT_ENLARGEMENT. */
  scale: number;
  /** Output pixels on each side that the source does not cover (filled with the background). */
  padding: { top: number; right: number; bottom: number; left: number };
  /** Where the head lands in the output, for the answer's measurements. */
  output: { crownY: number; chinY: number; eyeLineY: number };
}

/** Least room above the crown and below the chin, as a share of the output height (hair must not touch the edge). */
export const MIN_HEAD_CLEARANCE = 0.02;
/** Without an eye-line target: share of the free height left above the crown (the rest below, for neck and shoulders). */
export const CROWN_SHARE_OF_FREE_SPACE = 0.4;

export function documentCrop(
  head: MeasuredHead,
  targets: FramingTargets,
  source: { width: number; height: number },
): DocumentCrop {
  const headPx = head.chinY - head.crownY;
  if (!(headPx > 0)) throw new RangeError('The measured chin must be below the crown.');
  if (!(targets.headRatio > 0 && targets.headRatio < 1))
    throw new RangeError('The head-height target must be between 0 and 1.');
  const { width: W, height: H } = targets;
  // A face too small in its photo is not blown up past soft: its head stays smaller than the target.
  const scale = Math.min((targets.headRatio * H) / headPx, SOFT_ENLARGEMENT);
  const cropW = W / scale;
  const cropH = H / scale;
  const clearance = (MIN_HEAD_CLEARANCE * H) / scale;

  let top =
    targets.eyeLineFromBottom === null
      ? head.crownY - (CROWN_SHARE_OF_FREE_SPACE * (1 - targets.headRatio) * H) / scale
      : head.eyeLineY - ((1 - targets.eyeLineFromBottom) * H) / scale;
  // The head height wins over the eye line: keep the crown and chin inside the frame.
  top = Math.min(top, head.crownY - clearance);
  top = Math.max(top, head.chinY + clearance - cropH);
  const left = head.centerX - cropW / 2;

  const toOutput = (y: number) => (y - top) * scale;
  const pad = (px: number) => Math.max(0, Math.round(px * scale));
  return {
    x: left,
    y: top,
    width: cropW,
    height: cropH,
    scale,
    padding: {
      top: pad(-top),
      left: pad(-left),
      bottom: pad(top + cropH - source.height),
      right: pad(left + cropW - source.width),
    },
    output: { crownY: toOutput(head.crownY), chinY: toOutput(head.chinY), eyeLineY: toOutput(head.eyeLineY) },
  };
}
