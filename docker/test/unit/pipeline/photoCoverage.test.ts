/**
 * No wedges (docker/src/pipeline/photoCoverage.ts through createPipeline): after levelling, the portrait
 * is covered by the photo or by extended background, and where the photo truly ends inside the frame
 * the subject fades out instead of ending along a straight line.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAffine, invertAffine } from '../../../src/pipeline/affine.ts';
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

const noOval = { ...defaultOptions, use_oval_mask: false };

describe('no wedges', () => {
  it(
    'a ¾ view turned by 4.5° to level the eyes: sides and bottom stay inside the photo, no slanted edge shows',
    async () => {
      const result = await pipeline.process(fixture('east-asian-woman-three-quarter-view.jpg'), noOval);
      expect(Math.abs(result.transform!.rotation_deg)).toBeGreaterThan(3);
      // Sides and bottom, where the body is, stay inside the photo (above the head is background, extended).
      const padding = result.transform!.padding;
      expect(Math.max(padding.right, padding.bottom, padding.left)).toBeLessThan(2);
      const png = await rgbaPixels(result.png!);
      // The corners are the removed wall (transparent), not a wedge of photo edge.
      expect(png.data[3]).toBe(0);
      expect(png.data[(648 - 1) * 4 + 3]).toBe(0);
    },
    modelTimeout,
  );

  it(
    'a photo cut just below the chin: the body fades out over many rows instead of a straight cut line',
    async () => {
      const whole = fixture('elderly-man-wrinkled-face.jpg');
      const meta = await sharp(whole).metadata();
      const first = await pipeline.process(whole, noOval);
      // Cut the photo where the portrait's bottom fifth begins: the frame now reaches below the photo.
      const toSource = invertAffine(first.transform!.source_to_output);
      const cutSourceY = Math.round(applyAffine(toSource, { x: 324, y: 648 * 0.8 }).y);
      const cut = await sharp(whole)
        .extract({ left: 0, top: 0, width: meta.width!, height: cutSourceY })
        .png()
        .toBuffer();
      const result = await pipeline.process(cut, noOval);
      expect(result.transform!.padding.bottom).toBeGreaterThan(20);
      const png = await rgbaPixels(result.png!);
      // Down the centre column the alpha falls from the clothes to nothing; no row-to-row jump is a cut.
      const column = 324;
      let biggestStep = 0;
      for (let y = 1; y < png.height; y += 1) {
        const above = png.data[((y - 1) * png.width + column) * 4 + 3]!;
        const here = png.data[(y * png.width + column) * 4 + 3]!;
        biggestStep = Math.max(biggestStep, above - here);
      }
      expect(biggestStep).toBeLessThan(64);
      expect(png.data[((png.height - 1) * png.width + column) * 4 + 3]).toBe(0);
    },
    modelTimeout * 2,
  );
});
