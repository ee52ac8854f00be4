/**
 * A natural touch-up (docker/src/pipeline/touchUp.ts through createPipeline), measured on the face
 * (the landmarks' jaw-to-brow box in the portrait):
 * - a well-exposed photo changes little: mean CIEDE2000 ≤ 3 against the untouched portrait;
 * - a copy darkened by 1.5 EV (linear light × 2^−1.5) gets the face's mean luminance back within 10 %;
 * - clipped pixels (a channel ≥ 254) never grow by more than 0.5 % of the face area;
 * - a copy with a colour cast (warm or blue light, in linear light) gets the face's mean colour back
 *   towards the untouched original's: its CIEDE2000 distance shrinks by at least 40 %.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pipeline, PipelineResult } from '../../../src/pipeline/types.ts';
import { deltaE2000 } from '../support/colourDifference.ts';
import { defaultOptions, fixture, modelTimeout, openPipeline } from '../support/engineFixtures.ts';
import { flatPixels } from '../support/portraitChecks.ts';
import { tinted } from '../support/tint.ts';

let pipeline: Pipeline;

beforeAll(async () => {
  pipeline = await openPipeline();
}, modelTimeout);

afterAll(async () => {
  await pipeline?.close();
});

const options = { ...defaultOptions, use_oval_mask: false };
const wellExposed = [
  'elderly-man-wrinkled-face.jpg',
  'dark-skin-man-frontal-beard.jpg',
  'webp-smiling-woman-curly-hair.webp',
];

interface FacePixels {
  rgb: [number, number, number][];
}

async function facePixels(result: PipelineResult): Promise<FacePixels> {
  const image = await flatPixels(result.png!);
  const points = result.measurements!.landmarks;
  const xs = points.slice(0, 17).map((p) => p.x);
  const top = Math.min(...points.slice(17, 27).map((p) => p.y));
  const bottom = result.measurements!.chin_y;
  const rgb: [number, number, number][] = [];
  for (let y = Math.ceil(top); y < bottom; y += 1) {
    for (let x = Math.ceil(Math.min(...xs)); x < Math.max(...xs); x += 1) {
      const i = (y * image.width + x) * 3;
      rgb.push([image.data[i]!, image.data[i + 1]!, image.data[i + 2]!]);
    }
  }
  return { rgb };
}

const linear = (v: number) => {
  const s = v / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};
const meanLuminance = (face: FacePixels) =>
  face.rgb.reduce((sum, [r, g, b]) => sum + 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b), 0) /
  face.rgb.length;
const clipped = (face: FacePixels) => face.rgb.filter((p) => Math.max(...p) >= 254).length;

/** The photo darkened by `ev` stops in linear light. */
async function darkened(input: Buffer, ev: number): Promise<Buffer> {
  const { data, info } = await sharp(input)
    .rotate()
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const factor = 2 ** -ev;
  const out = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i += 1) {
    const v = linear(data[i]!) * factor;
    out[i] = Math.round(255 * (v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055));
  }
  return sharp(out, { raw: { width: info.width, height: info.height, channels: 3 } })
    .png()
    .toBuffer();
}

describe('touch-up', () => {
  it.each(wellExposed)(
    '%s (well exposed): mean ΔE2000 ≤ 3 on the face against the untouched portrait, no new clipping',
    async (name) => {
      const input = fixture(name);
      const untouched = await facePixels(await pipeline.process(input, { ...options, touch_up: false }));
      const touched = await facePixels(await pipeline.process(input, options));
      expect(touched.rgb.length).toBe(untouched.rgb.length);
      let sum = 0;
      for (const [i, p] of touched.rgb.entries()) sum += deltaE2000(p, untouched.rgb[i]!);
      expect(sum / touched.rgb.length).toBeLessThanOrEqual(3);
      expect(clipped(touched) - clipped(untouched)).toBeLessThanOrEqual(0.005 * touched.rgb.length);
    },
    modelTimeout,
  );

  it.each(['elderly-man-wrinkled-face.jpg', 'webp-smiling-woman-curly-hair.webp'])(
    '%s darkened by 1.5 EV: the face’s mean luminance comes back within 10 %, clipping does not grow',
    async (name) => {
      const input = fixture(name);
      const original = await facePixels(await pipeline.process(input, { ...options, touch_up: false }));
      const dark = await darkened(input, 1.5);
      const dim = await facePixels(await pipeline.process(dark, { ...options, touch_up: false }));
      const recovered = await facePixels(await pipeline.process(dark, options));
      expect(meanLuminance(dim) / meanLuminance(original)).toBeLessThan(0.5);
      expect(Math.abs(meanLuminance(recovered) / meanLuminance(original) - 1)).toBeLessThanOrEqual(0.1);
      expect(clipped(recovered) - clipped(original)).toBeLessThanOrEqual(0.005 * recovered.rgb.length);
    },
    modelTimeout * 2,
  );

  it.each([
    ['warm', [1.2, 1, 0.75]],
    ['blue', [0.8, 1, 1.25]],
  ] as const)(
    'a %s-tinted copy: the face’s mean colour moves back towards the untouched original’s',
    async (_, tint) => {
      const name = 'dark-skin-man-frontal-beard.jpg';
      const meanColour = (face: FacePixels) =>
        [0, 1, 2].map((c) => face.rgb.reduce((sum, p) => sum + p[c]!, 0) / face.rgb.length) as [
          number,
          number,
          number,
        ];
      const original = meanColour(
        await facePixels(await pipeline.process(fixture(name), { ...options, touch_up: false })),
      );
      const copy = await tinted(fixture(name), tint);
      const cast = meanColour(
        await facePixels(await pipeline.process(copy, { ...options, touch_up: false })),
      );
      const balanced = meanColour(await facePixels(await pipeline.process(copy, options)));
      expect(deltaE2000(cast, original)).toBeGreaterThan(2);
      expect(deltaE2000(balanced, original)).toBeLessThan(0.6 * deltaE2000(cast, original));
    },
    modelTimeout * 2,
  );
});
