/**
 * Clean edges on a new background (docker/src/pipeline/decontaminate.ts through createPipeline).
 *
 * Metric: in the semi-transparent band (25 ≤ α ≤ 230), the share of the old background left in the
 * delivered colour F: t = ((F − Fin)·(Bold − Fin)) / |Bold − Fin|², clamped to 0..1, where Bold is the
 * mean photo colour of the removed pixels next to the band and Fin that of the opaque pixels next to it.
 * Without decontamination F is the photo itself (the photo resampled through the reported transform),
 * so t ≈ 1 − α. Threshold: the delivered portrait's mean t is at most half the photo's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invertAffine } from '../../../src/pipeline/affine.ts';
import { decodeImage } from '../../../src/pipeline/decodeImage.ts';
import { sampleAffine } from '../../../src/pipeline/sampleAffine.ts';
import type { Pipeline } from '../../../src/pipeline/types.ts';
import { defaultOptions, fixture, modelTimeout, openPipeline } from '../support/engineFixtures.ts';
import { rgbaPixels } from '../support/pixels.ts';

let pipeline: Pipeline;

beforeAll(async () => {
  pipeline = await openPipeline();
}, modelTimeout);

afterAll(async () => {
  await pipeline?.close();
});

function meanOf(colours: number[][]): number[] {
  const sum = [0, 0, 0];
  for (const c of colours) for (let k = 0; k < 3; k += 1) sum[k]! += c[k] ?? 0;
  return sum.map((v) => v / Math.max(1, colours.length));
}

describe('colour decontamination', () => {
  it.each(['webp-smiling-woman-curly-hair.webp', 'elderly-man-wrinkled-face.jpg'])(
    '%s on red: the edge band carries at most half the old background the photo had there',
    async (name) => {
      const input = fixture(name);
      const result = await pipeline.process(input, {
        ...defaultOptions,
        ovalMask: false,
        touchUp: false,
        background: { r: 200, g: 30, b: 40 },
      });
      const png = await rgbaPixels(result.png!);
      const photo = await decodeImage(input, { maxPixels: 50_000_000 });
      const raw = sampleAffine(
        { ...photo, channels: 3 },
        invertAffine(result.transform!.source_to_output),
        png.width,
        png.height,
      );
      const { width, height } = png;
      const alpha = (i: number) => png.data[i * 4 + 3]!;
      const band: number[] = [];
      const removed: number[][] = [];
      const opaque: number[][] = [];
      const near = (i: number, test: (a: number) => boolean) => {
        const x = i % width;
        const y = Math.floor(i / width);
        for (const [dx, dy] of [
          [6, 0],
          [-6, 0],
          [0, 6],
          [0, -6],
        ] as const) {
          const j = (y + dy) * width + x + dx;
          if (x + dx >= 0 && x + dx < width && y + dy >= 0 && y + dy < height && test(alpha(j))) return true;
        }
        return false;
      };
      for (let i = 0; i < width * height; i += 1) {
        const a = alpha(i);
        const rawColour = [raw.data[i * 3]!, raw.data[i * 3 + 1]!, raw.data[i * 3 + 2]!];
        if (a >= 25 && a <= 230) band.push(i);
        else if (a === 0 && near(i, (b) => b > 0)) removed.push(rawColour);
        else if (a === 255 && near(i, (b) => b < 255)) opaque.push(rawColour);
      }
      expect(band.length).toBeGreaterThan(200);
      const oldBackground = meanOf(removed);
      const inside = meanOf(opaque);
      const axis = oldBackground.map((v, k) => v - inside[k]!);
      const length2 = axis.reduce((sum, v) => sum + v * v, 0);
      const share = (colour: number[]) =>
        Math.min(
          1,
          Math.max(0, colour.reduce((sum, v, k) => sum + (v - inside[k]!) * axis[k]!, 0) / length2),
        );
      let delivered = 0;
      let photoShare = 0;
      for (const i of band) {
        delivered += share([png.data[i * 4]!, png.data[i * 4 + 1]!, png.data[i * 4 + 2]!]);
        photoShare += share([raw.data[i * 3]!, raw.data[i * 3 + 1]!, raw.data[i * 3 + 2]!]);
      }
      console.log(
        `${name}: old-background share in the edge band ${(photoShare / band.length).toFixed(3)} → ${(delivered / band.length).toFixed(3)} (${band.length} px)`,
      );
      expect(delivered / band.length).toBeLessThanOrEqual(0.5 * (photoShare / band.length));
    },
    modelTimeout,
  );
});
