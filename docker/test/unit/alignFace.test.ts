import { describe, expect, it } from 'vitest';
import { alignFace } from '../../src/pipeline/alignFace.ts';
import { cropFace } from '../../src/pipeline/cropFace.ts';
import { decodeImage } from '../../src/pipeline/decodeImage.ts';
import { detectFaces } from '../../src/pipeline/detectFaces.ts';
import { dlibAddon } from '../../src/pipeline/dlibAddon.ts';
import { faceLandmarks } from '../../src/pipeline/faceLandmarks.ts';
import type { RgbImage } from '../../src/pipeline/rgbImage.ts';
import { toGrey } from '../../src/pipeline/rgbImage.ts';
import { fixture, shapePredictor } from './support/engineFixtures.ts';

async function eyeAngle(image: RgbImage): Promise<number> {
  const { faces } = await detectFaces(image, dlibAddon());
  expect(faces.length).toBeGreaterThan(0);
  return faceLandmarks(toGrey(image), faces[0]!, await shapePredictor()).eyeAngleDegrees;
}

describe('faceLandmarks + alignFace + cropFace', () => {
  it('measures the tilted fixture at about 12° and levels its eyes within 2° in the crop', async () => {
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

    const crop = await cropFace(image, alignment, 0.3, 1024);
    expect(Math.abs(await eyeAngle(crop.image))).toBeLessThan(2);
  });

  it('gives the crop the face margin on each side and 1.5× above, and marks area outside the photo', async () => {
    const image = await decodeImage(fixture('frontal-woman-astronaut-orange-suit.png'), {
      maxPixels: 50_000_000,
    });
    const { faces } = await detectFaces(image, dlibAddon());
    const alignment = alignFace(faceLandmarks(toGrey(image), faces[0]!, await shapePredictor()));
    const box = alignment.faceBox;
    const crop = await cropFace(image, alignment, 0.3, 1024);
    expect(crop.image.width).toBeCloseTo(box.width * 1.6, -1);
    expect(crop.image.height).toBeCloseTo(box.height * 1.75, -1);
    // The astronaut's face sits high in the frame: with a big margin the crop leaves the photo at the top.
    const wide = await cropFace(image, alignment, 1, 1024);
    expect(wide.coverage[0]).toBe(0);
    expect(
      wide.coverage[Math.floor(wide.image.height / 2) * wide.image.width + Math.floor(wide.image.width / 2)],
    ).toBe(255);
  });
});
