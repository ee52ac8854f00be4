/**
 * Stage 4: the rotation that levels the eyes. The image is turned about the eye midpoint by minus the
 * eye-line angle; the face box in that upright frame is the bounding box of the rotated landmarks (so it
 * follows the face itself, not the detector's tilted guess). Pixels are only resampled by the crop stage,
 * which reads the rotated crop straight from the original: one resampling, no full-image rotation.
 */
import type { FaceLandmarks, Point } from './faceLandmarks.ts';
import type { FaceBox } from './types.ts';

export interface Alignment {
  /** Rotation about `centre` that takes upright-frame points back to the original image (radians). */
  angle: number;
  /** The eye midpoint: a fixed point of the rotation, same coordinates in both frames. */
  centre: Point;
  /** The landmarks in the upright frame. */
  points: Point[];
  /** The face box in the upright frame. */
  faceBox: FaceBox;
}

/** Rotates p about c by `angle` radians (clockwise on screen, as image y points down). */
export function rotateAbout(p: Point, c: Point, angle: number): Point {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const dx = p.x - c.x;
  const dy = p.y - c.y;
  return { x: c.x + dx * cos - dy * sin, y: c.y + dx * sin + dy * cos };
}

export function alignFace(landmarks: FaceLandmarks): Alignment {
  const angle = (landmarks.eyeAngleDegrees * Math.PI) / 180;
  const centre = {
    x: (landmarks.leftEye.x + landmarks.rightEye.x) / 2,
    y: (landmarks.leftEye.y + landmarks.rightEye.y) / 2,
  };
  const points = landmarks.points.map((p) => rotateAbout(p, centre, -angle));
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const left = Math.min(...xs);
  const top = Math.min(...ys);
  return {
    angle,
    centre,
    points,
    faceBox: { x: left, y: top, width: Math.max(...xs) - left, height: Math.max(...ys) - top },
  };
}
