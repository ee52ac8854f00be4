/**
 * Stage 3: dlib's 68 facial landmarks for one face, on the full-resolution grey image (2-4 ms at any
 * size). Points follow the iBUG 300-W numbering: 36-41 the subject's right eye (image left), 42-47 the left.
 */
import type { NativeShapePredictor } from './dlibAddon.ts';
import type { GreyImage } from './rgbImage.ts';
import type { FaceBox } from './types.ts';

export interface Point {
  x: number;
  y: number;
}

export interface FaceLandmarks {
  points: Point[];
  /** Centre of points 36-41 (the eye on the image's left). */
  leftEye: Point;
  /** Centre of points 42-47. */
  rightEye: Point;
  /** Degrees the eye line is turned clockwise from horizontal (image y points down). */
  eyeAngleDegrees: number;
}

function centre(points: Point[]): Point {
  const sum = points.reduce((acc, p) => ({ x: acc.x + p.x, y: acc.y + p.y }), { x: 0, y: 0 });
  return { x: sum.x / points.length, y: sum.y / points.length };
}

export function faceLandmarks(
  grey: GreyImage,
  face: FaceBox,
  predictor: NativeShapePredictor,
): FaceLandmarks {
  const flat = predictor.landmarks(
    grey.data,
    grey.width,
    grey.height,
    Math.round(face.x),
    Math.round(face.y),
    Math.round(face.x + face.width),
    Math.round(face.y + face.height),
  );
  const points: Point[] = [];
  for (let i = 0; i < flat.length; i += 2) points.push({ x: flat[i]!, y: flat[i + 1]! });
  return landmarksFromPoints(points);
}

export function landmarksFromPoints(points: Point[]): FaceLandmarks {
  const leftEye = centre(points.slice(36, 42));
  const rightEye = centre(points.slice(42, 48));
  const eyeAngleDegrees = (Math.atan2(rightEye.y - leftEye.y, rightEye.x - leftEye.x) * 180) / Math.PI;
  return { points, leftEye, rightEye, eyeAngleDegrees };
}
