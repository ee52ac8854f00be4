/**
 * Clean edges on a new background (docker/src/pipeline/decontaminate.ts through createPipeline).
 *
 * Metric: in the semi-transparent band (25 ≤ α ≤ 230), the share of the old background left in the
 * delivered colour F: t = ((F − Fin)·(Bold − Fin)) / |Bold − Fin|², clamped to 0..1, where Bold is the
 * mean photo colour of the fully removed pixels within 16 px and Fin that of the fully opaque pixels
 * within 16 px (band pixels whose Bold and Fin differ by less than 20 levels are skipped: nothing to
 * tell apart). Without decontamination F is the photo itself (resampled through the reported
 * transform), so t ≈ 1 − α. Threshold: the delivered portrait's mean t is at most half the photo's
 * (measured: curly hair on a light wall 0.62 → 0.14, grey hair on a pale sky 0.60 → 0.21, blonde hair
 * on grass 0.61 → 0.25; blur-fusion alone left 0.41, 0.37 and 0.33, and the contact sheet showed green
 * strands in the blonde hair, so the bound was tightened from 3/4 with the spill removal).
 * The tint on its own: on grass, the share of edge-band pixels greener than red (G > R + 5), which is
 * what showed as green strands, is at most a quarter of the photo's there (measured 0.94; blur-fusion alone left 0.72, now 0.10).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invertAffine } from '../../../src/pipeline/affine.ts';
import { decodeImage } from '../../../src/pipeline/decodeImage.ts';
import { sampleAffine } from '../../../src/pipeline/sampleAffine.ts';
import type { Pipeline } from '../../../src/pipeline/types.ts';
import { boxMean } from '../../../src/pipeline/windowSums.ts';
import { defaultOptions, fixture, modelTimeout, openPipeline } from '../support/engineFixtures.ts';
import { rgbaPixels } from '../support/pixels.ts';

let pipeline: Pipeline;

beforeAll(async () => {
  pipeline = await openPipeline();
}, modelTimeout);

afterAll(async () => {
  await pipeline?.close();
});

/** The portrait on red (oval off, no touch-up), the photo resampled the same way, and its edge band. */
async function portraitOnRed(name: string) {
  const input = fixture(name);
  const result = await pipeline.process(input, {
    ...defaultOptions,
    use_oval_mask: false,
    touch_up: false,
    background_r: 200,
    background_g: 30,
    background_b: 40,
  });
  const png = await rgbaPixels(result.png!);
  const photo = await decodeImage(input, { maxPixels: 50_000_000 });
  const { width, height } = png;
  const raw = sampleAffine(
    { ...photo, channels: 3 },
    invertAffine(result.transform!.source_to_output),
    width,
    height,
  );
  const n = width * height;
  const removed = new Float32Array(n);
  const opaque = new Float32Array(n);
  const band: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const a = png.data[i * 4 + 3]!;
    removed[i] = a === 0 ? 1 : 0;
    opaque[i] = a === 255 ? 1 : 0;
    if (a >= 25 && a <= 230) band.push(i);
  }
  const colours = Float32Array.from(raw.data);
  const oldBackground = boxMean(colours, removed, width, height, 3, 16);
  const inside = boxMean(colours, opaque, width, height, 3, 16);
  const delivered = (i: number, c: number) => png.data[i * 4 + c]!;
  const photoColour = (i: number, c: number) => raw.data[i * 3 + c]!;
  let deliveredShare = 0;
  let photoShare = 0;
  let counted = 0;
  for (const i of band) {
    const axis = [0, 1, 2].map((c) => oldBackground[i * 3 + c]! - inside[i * 3 + c]!);
    const length2 = axis.reduce((sum, v) => sum + v * v, 0);
    if (length2 < 400) continue;
    const share = (colour: (i: number, c: number) => number) =>
      Math.min(
        1,
        Math.max(0, axis.reduce((sum, v, c) => sum + (colour(i, c) - inside[i * 3 + c]!) * v, 0) / length2),
      );
    deliveredShare += share(delivered);
    photoShare += share(photoColour);
    counted += 1;
  }
  return { png, raw, band, counted, deliveredShare, photoShare };
}

describe('colour decontamination', () => {
  it.each([
    'webp-smiling-woman-curly-hair.webp',
    'elderly-man-wrinkled-face.jpg',
    'exif-orientation-6-smiling-woman.jpg',
  ])(
    '%s on red: the edge band carries at most half the old background the photo had there',
    async (name) => {
      const { counted, deliveredShare, photoShare } = await portraitOnRed(name);
      expect(counted).toBeGreaterThan(1000);
      console.log(
        `${name}: old-background share in the edge band ${(photoShare / counted).toFixed(3)} → ${(deliveredShare / counted).toFixed(3)} (${counted} px)`,
      );
      expect(deliveredShare / counted).toBeLessThanOrEqual(0.5 * (photoShare / counted));
    },
    modelTimeout,
  );

  it(
    'blonde hair in front of grass, on red: the edge band is no longer green',
    async () => {
      const { png, raw, band } = await portraitOnRed('exif-orientation-6-smiling-woman.jpg');
      const greener = (colour: (i: number, c: number) => number) =>
        band.filter((i) => colour(i, 1) > colour(i, 0) + 5).length / band.length;
      const photo = greener((i, c) => raw.data[i * 3 + c]!);
      const delivered = greener((i, c) => png.data[i * 4 + c]!);
      console.log(`green edge pixels: ${photo.toFixed(3)} in the photo → ${delivered.toFixed(3)} delivered`);
      expect(photo).toBeGreaterThan(0.5);
      expect(delivered).toBeLessThanOrEqual(0.25 * photo);
    },
    modelTimeout,
  );
});
