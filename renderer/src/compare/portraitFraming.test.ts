import { describe, expect, it } from 'vitest';
import type { QueueItemResult } from '../../../contract/domain.ts';
import { faceMarginCrop } from '../../../docker/api/faceMarginCrop.ts';
import type { PortraitTransform } from '../../../docker/api/portraitGeometry.ts';
import { queueResult } from '../../test/fakeBridge.ts';
import { type Affine, applyAffine, composeAffine, invertAffine } from './affine.ts';
import { compareLayers } from './compareLayers.ts';
import {
  approximateFraming,
  clampZoom,
  frameToStage,
  framingOf,
  framingScale,
  unzoomed,
  zoomAbout,
} from './portraitFraming.ts';

const close = (a: { x: number; y: number }, b: { x: number; y: number }, digits = 6) => {
  expect(a.x).toBeCloseTo(b.x, digits);
  expect(a.y).toBeCloseTo(b.y, digits);
};

/** A transform built the way our engine describes one: level by rotating about the eye midpoint, crop, scale, pad. */
function engineTransform(): { transform: PortraitTransform; eyes: { x: number; y: number }[] } {
  // A face tilted 12° clockwise: the eyes 100 px apart along that angle.
  const centre = { x: 400, y: 300 };
  const tilt = (12 * Math.PI) / 180;
  const eyes = [-50, 50].map((d) => ({ x: centre.x + d * Math.cos(tilt), y: centre.y + d * Math.sin(tilt) }));
  // Levelling turns the source by −12° about the centre; then the crop (in the levelled frame) is scaled.
  const cos = Math.cos(-tilt);
  const sin = Math.sin(-tilt);
  const rotate: Affine = [
    cos,
    sin,
    -sin,
    cos,
    centre.x - cos * centre.x + sin * centre.y,
    centre.y - sin * centre.x - cos * centre.y,
  ];
  const crop = { x: 250, y: 120, width: 300, height: 400 };
  const scale = 1.5;
  const padding = { top: 0, right: 25, bottom: 0, left: 25 };
  const place: Affine = [scale, 0, 0, scale, padding.left - scale * crop.x, padding.top - scale * crop.y];
  const matrix = composeAffine(place, rotate);
  return {
    eyes,
    transform: {
      source_size: { width: 800, height: 600 },
      source_to_output: [...matrix],
      rotation_deg: -12,
      rotation_center: centre,
      scale,
      crop,
      padding,
    },
  };
}

function result(patch: Partial<QueueItemResult>): QueueItemResult {
  return queueResult({ outputSize: { width: 500, height: 600 }, ...patch });
}

describe('affine maps', () => {
  it('composes and inverts: a map then its inverse gives the point back', () => {
    const m: Affine = [0.9, 0.2, -0.3, 1.1, 12, -7];
    const p = { x: 31, y: -4 };
    close(applyAffine(invertAffine(m), applyAffine(m, p)), p);
    close(applyAffine(composeAffine(m, invertAffine(m)), p), p);
  });

  it('refuses to invert a map that flattens the picture', () => {
    expect(() => invertAffine([1, 2, 2, 4, 0, 0])).toThrow(/cannot be inverted/);
  });
});

describe('the framing of a portrait', () => {
  it("uses the engine's transform when there is one: the tilted eyes land level in the portrait", () => {
    const { transform, eyes } = engineTransform();
    const framing = framingOf(result({ transform }), 0.3)!;
    expect(framing.approximate).toBe(false);
    const [left, right] = eyes.map((e) => applyAffine(framing.sourceToOutput, e));
    expect(left!.y).toBeCloseTo(right!.y, 6);
    expect(right!.x - left!.x).toBeCloseTo(150, 6);
    expect(framingScale(framing)).toBeCloseTo(1.5, 6);
  });

  it('without a transform, frames the face box with the margins (1.5× above), fitted and centred: approximate', () => {
    const face = { x: 300, y: 200, width: 200, height: 200 };
    expect(faceMarginCrop(face, 0.25)).toEqual({ x: 250, y: 125, width: 300, height: 325 });
    const framing = approximateFraming(face, 0.25, { width: 500, height: 600 });
    expect(framing.approximate).toBe(true);
    // The crop's width fills the portrait's; its height is centred, the rest padding.
    const scale = 500 / 300;
    const top = (600 - 325 * scale) / 2;
    close(applyAffine(framing.sourceToOutput, { x: 250, y: 125 }), { x: 0, y: top });
    close(applyAffine(framing.sourceToOutput, { x: 550, y: 450 }), { x: 500, y: 600 - top });
    expect(framingOf(result({}), 0.25)).toEqual(framing);
  });

  it('has no framing for a result without a face', () => {
    expect(framingOf(result({ face: null }), 0.3)).toBeNull();
  });
});

describe('the two layers of the compare view', () => {
  const stage = { width: 400, height: 480 };
  const source = { width: 800, height: 600 };
  const output = { width: 500, height: 600 };

  it('put a source point and its portrait point on the same stage pixel, zoomed or not, in both modes', () => {
    const { transform, eyes } = engineTransform();
    const framing = framingOf(result({ transform }), 0.3)!;
    for (const mode of ['portrait', 'original'] as const) {
      const frame = mode === 'portrait' ? output : source;
      for (const zoom of [unzoomed(frame), zoomAbout(unzoomed(frame), 3, { x: 120, y: 200 }, stage, frame)]) {
        const layers = compareLayers(mode, framing, source, output, stage, zoom);
        for (const eye of eyes) {
          const before = applyAffine(layers.before, eye);
          const after = applyAffine(layers.after, applyAffine(framing.sourceToOutput, eye));
          close(before, after);
        }
      }
    }
  });

  it('fits the frame to the stage unzoomed: the portrait fills a stage of its shape', () => {
    const layers = compareLayers('portrait', null, source, output, stage, unzoomed(output));
    close(applyAffine(layers.after, { x: 0, y: 0 }), { x: 0, y: 0 });
    close(applyAffine(layers.after, { x: 500, y: 600 }), { x: 400, y: 480 });
  });
});

describe('zoom', () => {
  const stage = { width: 400, height: 400 };
  const frame = { width: 800, height: 800 };

  it('keeps the point under the pointer where it is', () => {
    const start = unzoomed(frame);
    const anchor = { x: 100, y: 300 };
    const under = applyAffine(invertAffine(frameToStage(stage, frame, start)), anchor);
    const zoomed = zoomAbout(start, 2, anchor, stage, frame);
    expect(zoomed.factor).toBe(2);
    close(applyAffine(frameToStage(stage, frame, zoomed), under), anchor);
  });

  it('stays between 1× and 8× and never shows beyond the picture', () => {
    expect(zoomAbout(unzoomed(frame), 100, { x: 0, y: 0 }, stage, frame).factor).toBe(8);
    expect(zoomAbout(unzoomed(frame), 0.1, { x: 0, y: 0 }, stage, frame)).toEqual(unzoomed(frame));
    // At 2× half the frame is visible: its centre can go no nearer the edge than a quarter.
    expect(clampZoom({ factor: 2, centre: { x: 0, y: 900 } }, stage, frame).centre).toEqual({
      x: 200,
      y: 600,
    });
  });
});
