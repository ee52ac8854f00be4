import { describe, expect, it } from 'vitest';
import { SOFT_ENLARGEMENT } from '../../api/softEnlargement.ts';
import { documentCrop, MIN_HEAD_CLEARANCE } from '../../src/pipeline/documentFraming.ts';

// A frontal portrait 1600 × 2000 px: crown at 400 (hair), chin at 1200, eyes at 790, face centred at 810.
const SOURCE = { width: 1600, height: 2000 };
const HEAD = { crownY: 400, chinY: 1200, eyeLineY: 790, centerX: 810 };

describe('framing by a head-height and eye-line rule', () => {
  it('puts a 35 × 45 mm head at 75.6 % of the height and the eyes 60 % up', () => {
    const crop = documentCrop(
      HEAD,
      { headRatio: 0.7556, eyeLineFromBottom: 0.6, width: 413, height: 531 },
      SOURCE,
    );
    const head = (crop.output.chinY - crop.output.crownY) / 531;
    expect(head).toBeCloseTo(0.7556, 3);
    expect((531 - crop.output.eyeLineY) / 531).toBeCloseTo(0.6, 3);
    expect(crop.scale).toBeCloseTo((0.7556 * 531) / 800, 6);
    expect(crop.x + crop.width / 2).toBeCloseTo(810, 6);
    expect(crop.padding).toEqual({ top: 0, right: 0, bottom: 0, left: 0 });
  });

  it('keeps the crown inside the frame when the eye target would push it out (head height wins)', () => {
    const crop = documentCrop(
      HEAD,
      { headRatio: 0.8, eyeLineFromBottom: 0.7, width: 413, height: 531 },
      SOURCE,
    );
    expect(crop.output.crownY).toBeCloseTo(MIN_HEAD_CLEARANCE * 531, 6);
    expect((crop.output.chinY - crop.output.crownY) / 531).toBeCloseTo(0.8, 6);
  });

  it('without an eye target leaves less room above the head than below (US 2 × 2 in: head 59 %)', () => {
    const crop = documentCrop(
      HEAD,
      { headRatio: 0.594, eyeLineFromBottom: null, width: 600, height: 600 },
      SOURCE,
    );
    const above = crop.output.crownY;
    const below = 600 - crop.output.chinY;
    expect(above).toBeGreaterThan(0);
    expect(above).toBeLessThan(below);
  });

  it('reports the padding when the head is near the edge of the photo', () => {
    const small = { crownY: 5, chinY: 155, eyeLineY: 80, centerX: 40 };
    const crop = documentCrop(
      small,
      { headRatio: 0.7, eyeLineFromBottom: 0.6, width: 413, height: 531 },
      { width: 200, height: 300 },
    );
    expect(crop.scale).toBeCloseTo((0.7 * 531) / 150, 6);
    expect(crop.padding.left).toBeGreaterThan(0);
    expect(crop.padding.top).toBeGreaterThan(0);
  });

  it('enlarges a face too small in its photo only up to soft: the head stays smaller than the target', () => {
    // A 100 px head would need 3.7× to fill 70 % of 531 px.
    const small = { crownY: 5, chinY: 105, eyeLineY: 55, centerX: 40 };
    const crop = documentCrop(
      small,
      { headRatio: 0.7, eyeLineFromBottom: 0.6, width: 413, height: 531 },
      { width: 200, height: 300 },
    );
    expect(crop.scale).toBe(SOFT_ENLARGEMENT);
    expect((crop.output.chinY - crop.output.crownY) / 531).toBeCloseTo(300 / 531, 6);
    expect((531 - crop.output.eyeLineY) / 531).toBeCloseTo(0.6, 6);
  });

  it('refuses a chin above the crown', () => {
    expect(() =>
      documentCrop(
        { ...HEAD, chinY: 300 },
        { headRatio: 0.7, eyeLineFromBottom: null, width: 413, height: 531 },
        SOURCE,
      ),
    ).toThrow(RangeError);
  });
});
