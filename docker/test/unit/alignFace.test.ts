import { describe, expect, it } from 'vitest';
import { composeAffine, frameMap, invertAffine, rotationAbout } from '../../src/pipeline/affine.ts';
import { alignFace } from '../../src/pipeline/alignFace.ts';
import { decodeImage } from '../../src/pipeline/decodeImage.ts';
import { detectFaces } from '../../src/pipeline/detectFaces.ts';
import { dlibAddon } from '../../src/pipeline/dlibAddon.ts';
import { faceLandmarks } from '../../src/pipeline/faceLandmarks.ts';
import type { RgbImage } from '../../src/pipeline/rgbImage.ts';
import { toGrey } from '../../src/pipeline/rgbImage.ts';
import { sampleAffineFiltered } from '../../src/pipeline/sampleAffine.ts';
import { fixture, shapePredictor } from './support/engineFixtures.ts';

async function eyeAngle(image: RgbImage): Promise<number> {
  const { faces } = await detectFaces(image, dlibAddon());
  expect(faces.length).toBeGreaterThan(0);
  return faceLandmarks(toGrey(image), faces[0]!, await shapePredictor()).eyeAngleDegrees;
}

describe('faceLandmarks + alignFace', () => {
  it('measures the tilted fixture at about 12° and levels its eyes within 2° in an upright crop', async () => {
    const image = await decodeImage(fixture('tilted-12deg-woman-hand-near-chin.jpg'), {
      maxPixels: 50_000_000,
    });
    const before = await eyeAngle(image);
    expect(Math.abs(before)).toBeGreaterThan(8);
    expect(Math.abs(before)).toBeLessThan(16);

    const { faces } = await detectFaces(image, dlibAddon());
    const landmarks = faceLandmarks(toGrey(image), faces[0]!, await shapePredictor());
    expect(landmarks.points).toHaveLength(68);
    const alignment = alignFace(landmarks);
    // In the upright frame the two eye centres are level.
    const left = alignment.points.slice(36, 42).reduce((sum, p) => sum + p.y, 0) / 6;
    const right = alignment.points.slice(42, 48).reduce((sum, p) => sum + p.y, 0) / 6;
    expect(Math.abs(left - right)).toBeLessThan(0.5);

    // An upright crop around the face, read through the levelling rotation.
    const box = alignment.faceBox;
    const side = box.width * 2;
    const toCrop = composeAffine(
      frameMap(box.x - box.width / 2, box.y - box.height / 2, 600 / side),
      rotationAbout(alignment.centre, -alignment.angle),
    );
    const crop = await sampleAffineFiltered({ ...image, channels: 3 }, invertAffine(toCrop), 600, 600);
    const rgb = { data: Buffer.from(crop.data), width: 600, height: 600 };
    expect(Math.abs(await eyeAngle(rgb))).toBeLessThan(2);
  });
});
