import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { alignFace } from '../../src/pipeline/alignFace.ts';
import { cropFace } from '../../src/pipeline/cropFace.ts';
import { decodeImage } from '../../src/pipeline/decodeImage.ts';
import { detectFaces } from '../../src/pipeline/detectFaces.ts';
import { dlibAddon } from '../../src/pipeline/dlibAddon.ts';
import { faceLandmarks } from '../../src/pipeline/faceLandmarks.ts';
import { levelPortrait } from '../../src/pipeline/levelPortrait.ts';
import type { RgbaImage } from '../../src/pipeline/renderPortrait.ts';
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

  it('levels a finished portrait whose eyes are still several degrees off, keeping its transparent corners', async () => {
    const background = { r: 240, g: 240, b: 240 };
    const { data, info } = await sharp(fixture('webp-smiling-woman-curly-hair.webp'))
      .resize(648, 648, { fit: 'cover' })
      .rotate(10, { background: { ...background, alpha: 0 } })
      .resize(648, 648, { fit: 'cover' })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const tilted = { data, width: info.width, height: info.height };
    const flat = (rgba: RgbaImage) => {
      const rgb = Buffer.alloc(rgba.width * rgba.height * 3);
      for (let i = 0, k = 0; k < rgba.data.length; i += 3, k += 4) {
        const a = rgba.data[k + 3]! / 255;
        for (let c = 0; c < 3; c += 1) rgb[i + c] = rgba.data[k + c]! * a + 240 * (1 - a);
      }
      return { data: rgb, width: rgba.width, height: rgba.height };
    };
    expect(Math.abs(await eyeAngle(flat(tilted)))).toBeGreaterThan(5);
    const level = await levelPortrait(tilted, background, dlibAddon(), await shapePredictor());
    expect(Math.abs(await eyeAngle(flat(level)))).toBeLessThan(1.5);
    expect(level.data[3]).toBe(0);
  });
});
