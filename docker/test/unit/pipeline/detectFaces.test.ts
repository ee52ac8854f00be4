/**
 * Faces that are tilted or small (docker/src/pipeline/detectFaces.ts' rotated retries and upsampling,
 * through createPipeline): fixtures turned by 20°, 30° and 40°, and one shrunk to 30 %, give a portrait
 * whose eyes, found again on the delivered image, are level within 2°.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pipeline } from '../../../src/pipeline/types.ts';
import { defaultOptions, fixture, modelTimeout, openPipeline } from '../support/engineFixtures.ts';
import { flatPixels, landmarksOn } from '../support/portraitChecks.ts';

let pipeline: Pipeline;

beforeAll(async () => {
  pipeline = await openPipeline();
}, modelTimeout);

afterAll(async () => {
  await pipeline?.close();
});

async function eyesInPortrait(input: Buffer): Promise<number> {
  const result = await pipeline.process(input, defaultOptions);
  expect(result.faceDetected).toBe(true);
  const seen = await landmarksOn(await flatPixels(result.png!));
  expect(seen).not.toBeNull();
  return seen!.eyeAngleDegrees;
}

describe('tilted and small faces', () => {
  it.each([20, -30, 40])(
    'a portrait turned by %i° is found and comes out with level eyes',
    async (degrees) => {
      const turned = await sharp(fixture('elderly-man-wrinkled-face.jpg'))
        .rotate(degrees, { background: '#ffffff' })
        .jpeg({ quality: 92 })
        .toBuffer();
      expect(Math.abs(await eyesInPortrait(turned))).toBeLessThan(2);
    },
    modelTimeout,
  );

  it(
    'a portrait shrunk to 30 % is found and comes out with level eyes',
    async () => {
      const input = fixture('dark-skin-man-frontal-beard.jpg');
      const meta = await sharp(input).metadata();
      const small = await sharp(input)
        .resize(Math.round(meta.width! * 0.3))
        .jpeg({ quality: 92 })
        .toBuffer();
      expect(Math.abs(await eyesInPortrait(small))).toBeLessThan(2);
    },
    modelTimeout,
  );
});
