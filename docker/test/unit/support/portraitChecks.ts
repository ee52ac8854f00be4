/** Looking at a finished portrait as a viewer would: its face, found again, and its pixels. */
import sharp from 'sharp';
import { detectFaces } from '../../../src/pipeline/detectFaces.ts';
import { dlibAddon } from '../../../src/pipeline/dlibAddon.ts';
import { type FaceLandmarks, faceLandmarks } from '../../../src/pipeline/faceLandmarks.ts';
import type { RgbImage } from '../../../src/pipeline/rgbImage.ts';
import { toGrey } from '../../../src/pipeline/rgbImage.ts';
import { shapePredictor } from './engineFixtures.ts';

/** The encoded image's pixels composited on `background` (default mid grey). */
export async function flatPixels(
  encoded: Buffer,
  background = { r: 128, g: 128, b: 128 },
): Promise<RgbImage> {
  const { data, info } = await sharp(encoded)
    .flatten({ background })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** The landmarks of the largest face found on an (upright) image, or null. */
export async function landmarksOn(image: RgbImage): Promise<FaceLandmarks | null> {
  const { faces } = await detectFaces(image, dlibAddon(), { retryRotated: false });
  if (!faces[0]) return null;
  return faceLandmarks(toGrey(image), faces[0], await shapePredictor());
}
