/**
 * Stage 9b: "detect again" on the finished portrait, as the published pipeline does after rotating. On a
 * ¾ view, landmarks fitted on the tilted photo can leave the eyes a few degrees off once the face is
 * upright and cut out; the portrait is looked at once more as a viewer sees it (flattened on the
 * background colour) and, when the eye line is still more than 1° off, turned about the eye midpoint.
 * Costs one detection on the output-sized image; the rotation only when needed.
 */

import { detectFaces } from './detectFaces.ts';
import type { DlibAddon, NativeShapePredictor } from './dlibAddon.ts';
import type { Point } from './faceLandmarks.ts';
import { faceLandmarks } from './faceLandmarks.ts';
import type { RgbaImage } from './renderPortrait.ts';
import { type RgbImage, toGrey } from './rgbImage.ts';
import type { Rgb } from './types.ts';

const toleranceDegrees = 1;

function flattened(portrait: RgbaImage, background: Rgb): RgbImage {
  const data = Buffer.alloc(portrait.width * portrait.height * 3);
  const bg = [background.r, background.g, background.b];
  for (let i = 0, k = 0; k < portrait.data.length; i += 3, k += 4) {
    const a = portrait.data[k + 3]! / 255;
    for (let c = 0; c < 3; c += 1) data[i + c] = portrait.data[k + c]! * a + bg[c]! * (1 - a) + 0.5;
  }
  return { data, width: portrait.width, height: portrait.height };
}

/** The portrait turned by -angle about `centre` (bilinear, on premultiplied colour; outside: transparent). */
function rotated(portrait: RgbaImage, centre: Point, angle: number, background: Rgb): RgbaImage {
  const { width, height, data: src } = portrait;
  const out = Buffer.alloc(src.length);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const bg = [background.r, background.g, background.b];
  const sample = (x: number, y: number, c: number): number => {
    if (x < 0 || y < 0 || x >= width || y >= height) return 0;
    const k = (y * width + x) * 4;
    return c === 3 ? src[k + 3]! : (src[k + c]! * src[k + 3]!) / 255;
  };
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const dx = x - centre.x;
      const dy = y - centre.y;
      const px = centre.x + dx * cos - dy * sin;
      const py = centre.y + dx * sin + dy * cos;
      const x0 = Math.floor(px);
      const y0 = Math.floor(py);
      const fx = px - x0;
      const fy = py - y0;
      const values = [0, 0, 0, 0];
      for (let c = 0; c < 4; c += 1) {
        const top = sample(x0, y0, c) * (1 - fx) + sample(x0 + 1, y0, c) * fx;
        const bottom = sample(x0, y0 + 1, c) * (1 - fx) + sample(x0 + 1, y0 + 1, c) * fx;
        values[c] = top * (1 - fy) + bottom * fy;
      }
      const k = (y * width + x) * 4;
      const alpha = values[3]!;
      out[k + 3] = alpha + 0.5;
      for (let c = 0; c < 3; c += 1) {
        out[k + c] = out[k + 3] === 0 ? bg[c]! : Math.min(255, (values[c]! * 255) / alpha + 0.5);
      }
    }
  }
  return { data: out, width, height };
}

export async function levelPortrait(
  portrait: RgbaImage,
  background: Rgb,
  addon: DlibAddon,
  predictor: NativeShapePredictor,
): Promise<RgbaImage> {
  const view = flattened(portrait, background);
  const { faces } = await detectFaces(view, addon);
  const face = faces[0];
  if (!face) return portrait;
  const landmarks = faceLandmarks(toGrey(view), face, predictor);
  if (Math.abs(landmarks.eyeAngleDegrees) <= toleranceDegrees) return portrait;
  const centre = {
    x: (landmarks.leftEye.x + landmarks.rightEye.x) / 2,
    y: (landmarks.leftEye.y + landmarks.rightEye.y) / 2,
  };
  return rotated(portrait, centre, (landmarks.eyeAngleDegrees * Math.PI) / 180, background);
}
