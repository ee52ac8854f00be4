/**
 * Stage 9b: "detect again" on the rendered portrait, as the published pipeline does after rotating. On
 * a ¾ view, landmarks fitted on the tilted photo can leave the eyes a few degrees off once the face is
 * upright and cut out; the portrait is looked at once more as a viewer sees it (the subject on the
 * background colour) and the roll that is left is measured. The pipeline folds any correction into its
 * source → output map and renders again, so the output stays covered and the reported map stays exact.
 */
import { detectFaces } from './detectFaces.ts';
import type { DlibAddon, NativeShapePredictor } from './dlibAddon.ts';
import type { Point } from './faceLandmarks.ts';
import { faceLandmarks } from './faceLandmarks.ts';
import { type GreyImage, type RgbImage, toGrey } from './rgbImage.ts';
import type { Rgb } from './types.ts';

/**
 * The portrait is found again on a copy this size: the head fills the frame, so its face stays well
 * above HOG's ≈ 80 px there (≈ 150 px at the default framing), at about a third of the work at 648².
 * The landmarks are fitted on the full-size view.
 */
const portraitDetectionSide = 400;

export function flattened(image: RgbImage, alpha: GreyImage, background: Rgb): RgbImage {
  const data = Buffer.alloc(image.data.length);
  const bg = [background.r, background.g, background.b];
  for (let i = 0, k = 0; i < alpha.data.length; i += 1, k += 3) {
    const a = alpha.data[i]! / 255;
    for (let c = 0; c < 3; c += 1) data[k + c] = image.data[k + c]! * a + bg[c]! * (1 - a) + 0.5;
  }
  return { data, width: image.width, height: image.height };
}

export interface Roll {
  /** Eye-line angle left in the portrait (clockwise positive). */
  degrees: number;
  /** The eye midpoint, output pixels. */
  centre: Point;
}

export async function measureRoll(
  image: RgbImage,
  alpha: GreyImage,
  background: Rgb,
  addon: DlibAddon,
  predictor: NativeShapePredictor,
): Promise<Roll | null> {
  const view = flattened(image, alpha, background);
  const { faces } = await detectFaces(view, addon, { retryRotated: false, side: portraitDetectionSide });
  const face = faces[0];
  if (!face) return null;
  const landmarks = faceLandmarks(toGrey(view), face, predictor);
  return {
    degrees: landmarks.eyeAngleDegrees,
    centre: {
      x: (landmarks.leftEye.x + landmarks.rightEye.x) / 2,
      y: (landmarks.leftEye.y + landmarks.rightEye.y) / 2,
    },
  };
}
