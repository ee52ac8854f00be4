/**
 * What a portrait's answer tells about its geometry (docker/api/portraitGeometry.ts): the exact source →
 * output map, and what was measured on the head, in output pixels.
 */
import type { PortraitMeasurements, PortraitTransform } from '../../api/portraitGeometry.ts';
import {
  type Affine,
  affineRotationDegrees,
  affineScale,
  applyAffine,
  invertAffine,
  rotationAbout,
} from './affine.ts';
import type { FaceLandmarks, Point } from './faceLandmarks.ts';
import type { PhotoCoverage } from './photoCoverage.ts';

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const roundPoint = (p: Point): Point => ({ x: round(p.x), y: round(p.y) });

export function portraitTransform(
  sourceToOutput: Affine,
  source: { width: number; height: number },
  output: { width: number; height: number },
  rotationCentre: Point,
  coverage: PhotoCoverage,
): PortraitTransform {
  const rotation = affineRotationDegrees(sourceToOutput);
  const scale = affineScale(sourceToOutput);
  // The output's top-left corner in the source, turned back about the centre: the unrotated crop.
  const corner = applyAffine(invertAffine(sourceToOutput), { x: -0.5, y: -0.5 });
  const unrotated = applyAffine(rotationAbout(rotationCentre, (rotation * Math.PI) / 180), corner);
  return {
    source_size: { width: source.width, height: source.height },
    source_to_output: sourceToOutput.map((value) => round(value, 6)) as Affine,
    rotation_deg: round(rotation, 3),
    rotation_center: roundPoint(rotationCentre),
    scale: round(scale, 6),
    crop: {
      x: round(unrotated.x),
      y: round(unrotated.y),
      width: round(output.width / scale),
      height: round(output.height / scale),
    },
    padding: coverage.padding,
  };
}

export interface HeadInSource {
  /** The top of the head (a source point straight above the face centre in the upright frame). */
  crown: Point;
  /** The face centre at the eye line, source pixels. */
  centre: Point;
}

/**
 * ISO/IEC 19794-5 measures head width between the two places where the external ears join the head
 * (China's 15–22 mm likewise means the face), not the silhouette: at the eye line the mask also holds
 * hair and ears, which failed frontal photos with full hair. The jaw contour's ends (68-point
 * landmarks 0 and 16) are where the ears join the face, so their horizontal distance in the upright
 * output is that width.
 */
function faceWidthPx(points: readonly Point[]): number {
  return Math.abs(points[16]!.x - points[0]!.x);
}

export function portraitMeasurements(
  sourceToOutput: Affine,
  output: { width: number; height: number },
  landmarks: FaceLandmarks,
  head: HeadInSource,
  rollAfterDegrees: number | null,
): PortraitMeasurements {
  const points = landmarks.points.map((p) => applyAffine(sourceToOutput, p));
  const eyeLeft = applyAffine(sourceToOutput, landmarks.leftEye);
  const eyeRight = applyAffine(sourceToOutput, landmarks.rightEye);
  const crown = applyAffine(sourceToOutput, head.crown);
  const centre = applyAffine(sourceToOutput, head.centre);
  const chinY = Math.max(...points.slice(5, 12).map((p) => p.y));
  const eyeLineY = (eyeLeft.y + eyeRight.y) / 2;
  const geometricRoll = (Math.atan2(eyeRight.y - eyeLeft.y, eyeRight.x - eyeLeft.x) * 180) / Math.PI;
  return {
    crown_y: round(crown.y),
    chin_y: round(chinY),
    eye_left: roundPoint(eyeLeft),
    eye_right: roundPoint(eyeRight),
    eye_line_y: round(eyeLineY),
    head_height_ratio: round((chinY - crown.y) / output.height, 4),
    head_width_ratio: round(faceWidthPx(points) / output.width, 4),
    eye_line_from_bottom_ratio: round((output.height - eyeLineY) / output.height, 4),
    center_offset_ratio: round((centre.x - output.width / 2) / output.width, 4),
    roll_before_deg: round(landmarks.eyeAngleDegrees, 3),
    roll_after_deg: round(rollAfterDegrees ?? geometricRoll, 3),
    inter_eye_px: round(Math.hypot(eyeRight.x - eyeLeft.x, eyeRight.y - eyeLeft.y)),
    landmarks: points.map(roundPoint),
  };
}
