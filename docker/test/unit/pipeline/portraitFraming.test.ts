/**
 * Framing from the head (docker/src/pipeline/headFrame.ts through createPipeline): the whole head in the
 * frame, crown-to-chin 60-70 % of a default 648×648 portrait, centred, eyes level, the head width the
 * face's own (its jaw's ends); face_margin still shrinks the head; the reported transform maps the
 * photo's landmarks onto the portrait's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAffine } from '../../../src/pipeline/affine.ts';
import { decodeImage } from '../../../src/pipeline/decodeImage.ts';
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

const portraits = [
  'dark-skin-man-frontal-beard.jpg',
  'elderly-man-wrinkled-face.jpg',
  'tilted-12deg-woman-hand-near-chin.jpg',
  'webp-smiling-woman-curly-hair.webp',
];

describe('framing from the head', () => {
  it.each(portraits)(
    '%s: the whole head, crown-to-chin 60-70 % of 648 px, centred, eyes level',
    async (name) => {
      const result = await pipeline.process(fixture(name), defaultOptions);
      const m = result.measurements!;
      expect(m.head_height_ratio).toBeGreaterThanOrEqual(0.6);
      expect(m.head_height_ratio).toBeLessThanOrEqual(0.7);
      // Room above the crown, and the chin well inside the frame.
      expect(m.crown_y).toBeGreaterThan(648 * 0.04);
      expect(m.chin_y).toBeLessThan(648 * 0.9);
      expect(Math.abs(m.center_offset_ratio)).toBeLessThan(0.06);
      // The eyes as a viewer sees them: found again on the delivered portrait, level within 2°.
      const seen = await landmarksOn(await flatPixels(result.png!));
      expect(seen).not.toBeNull();
      expect(Math.abs(seen!.eyeAngleDegrees)).toBeLessThan(2);
      // Head width is the face's, ear to ear (ISO/IEC 19794-5), not the hair: the jaw's ends found
      // again on the delivered portrait, within a few pixels.
      const jaw = Math.abs(seen!.points[16]!.x - seen!.points[0]!.x);
      expect(Math.abs(m.head_width_ratio * 648 - jaw)).toBeLessThan(8);
    },
    modelTimeout,
  );

  it(
    'keeps face_margin meaningful: more margin, smaller head',
    async () => {
      const input = fixture('elderly-man-wrinkled-face.jpg');
      const ratios = [];
      for (const face_margin of [0, 0.3, 0.8]) {
        const result = await pipeline.process(input, { ...defaultOptions, face_margin });
        ratios.push(result.measurements!.head_height_ratio);
      }
      expect(ratios[0]).toBeGreaterThan(ratios[1]! + 0.08);
      expect(ratios[1]).toBeGreaterThan(ratios[2]! + 0.15);
    },
    modelTimeout * 2,
  );

  it(
    'reports a transform that maps the photo’s landmarks onto the portrait’s own within a few pixels',
    async () => {
      const input = fixture('tilted-12deg-woman-hand-near-chin.jpg');
      const result = await pipeline.process(input, { ...defaultOptions, use_oval_mask: false });
      const source = await landmarksOn(await decodeImage(input, { maxPixels: 50_000_000 }));
      const output = await landmarksOn(await flatPixels(result.png!));
      const map = result.transform!.source_to_output;
      const distances = source!.points.map((p, i) => {
        const q = applyAffine(map, p);
        return Math.hypot(q.x - output!.points[i]!.x, q.y - output!.points[i]!.y);
      });
      const mean = distances.reduce((sum, d) => sum + d, 0) / distances.length;
      expect(mean).toBeLessThan(4);
      expect(Math.abs(result.transform!.rotation_deg)).toBeGreaterThan(8);
      expect(result.measurements!.landmarks).toHaveLength(68);
    },
    modelTimeout,
  );
});
