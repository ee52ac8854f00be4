/**
 * Stage 3: dlib's 68 facial landmarks for one face, on the full-resolution grey image (2-4 ms at any
 * size). Points follow the iBUG 300-W numbering: 36-41 the subject's right eye (image left), 42-47 the left.
 */
import { type Affine, applyAffine, composeAffine, invertAffine } from './affine.ts';
import type { NativeShapePredictor } from './dlibAddon.ts';
import type { GreyImage } from './rgbImage.ts';
import { sampleAffine } from './sampleAffine.ts';
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

/**
 * Landmarks of a face found on a rotated view (detectFaces' retry): fitted on an upright crop around the
 * face read through that rotation at full resolution, then mapped back to the image.
 */
export function rotatedFaceLandmarks(
  grey: GreyImage,
  imageToView: Affine,
  box: FaceBox,
  predictor: NativeShapePredictor,
): FaceLandmarks {
  const left = box.x - box.width / 2;
  const top = box.y - box.height / 2;
  const width = Math.max(1, Math.round(box.width * 2));
  const height = Math.max(1, Math.round(box.height * 2));
  const imageToCrop = composeAffine([1, 0, 0, 1, -left, -top], imageToView);
  const crop = sampleAffine({ ...grey, channels: 1 }, invertAffine(imageToCrop), width, height);
  const inCrop = faceLandmarks(
    { data: crop.data, width, height },
    { x: box.width / 2, y: box.height / 2, width: box.width, height: box.height },
    predictor,
  );
  const cropToImage = invertAffine(imageToCrop);
  return landmarksFromPoints(inCrop.points.map((p) => applyAffine(cropToImage, p)));
}
