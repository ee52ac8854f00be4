/**
 * Measures how level the eyes are in an engine output, on the host, with the pipeline's own
 * detection and landmark stages (the dlib addon and the verified predictor from `npm run prepare:host`).
 */
import path from 'node:path';
import sharp from 'sharp';
import { detectFaces } from '../../../src/pipeline/detectFaces.ts';
import { dlibAddon, type NativeShapePredictor } from '../../../src/pipeline/dlibAddon.ts';
import { faceLandmarks } from '../../../src/pipeline/faceLandmarks.ts';
import { toGrey } from '../../../src/pipeline/rgbImage.ts';

const predictorPath = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'models',
  'shape_predictor_68_face_landmarks.dat',
);
let predictor: Promise<NativeShapePredictor> | null = null;

/** Degrees between the eye line and the horizontal in the PNG (flattened on grey), or null when no face is found. */
export async function eyeLineDegrees(png: Buffer): Promise<number | null> {
  predictor ??= dlibAddon().loadShapePredictor(predictorPath);
  const { data, info } = await sharp(png)
    .flatten({ background: { r: 240, g: 240, b: 240 } })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const image = { data, width: info.width, height: info.height };
  const { faces } = await detectFaces(image, dlibAddon());
  const face = faces[0];
  if (!face) return null;
  return faceLandmarks(toGrey(image), face, await predictor).eyeAngleDegrees;
}
