/**
 * Which output pixels came from inside the photo. Where the frame reaches past an edge of the photo
 * (a head at the photo's top, shoulders at its bottom) that edge is faded over a band inside the photo,
 * so the subject ends softly instead of along a straight (often slanted) line; the uncovered part becomes
 * extended background. Edges the frame does not cross stay hard (they lie outside the frame anyway).
 */
import { type Affine, applyAffine } from './affine.ts';

/** Fade width as a share of the output's smaller side. */
const featherShare = 0.05;

export interface PhotoCoverage {
  /** 0..255 per output pixel. */
  data: Uint8Array;
  /** Output pixels on each side not covered by the photo (deepest point along the middle half of that side). */
  padding: { top: number; right: number; bottom: number; left: number };
}

export function photoCoverage(
  outToSource: Affine,
  width: number,
  height: number,
  photo: { width: number; height: number },
  scale: number,
): PhotoCoverage {
  const corners = [
    [0, 0],
    [width - 1, 0],
    [0, height - 1],
    [width - 1, height - 1],
  ].map(([x, y]) => applyAffine(outToSource, { x: x!, y: y! }));
  const beyond = 0.5 / scale;
  const crosses = {
    left: corners.some((p) => p.x < -0.5 - beyond),
    right: corners.some((p) => p.x > photo.width - 0.5 + beyond),
    top: corners.some((p) => p.y < -0.5 - beyond),
    bottom: corners.some((p) => p.y > photo.height - 0.5 + beyond),
  };
  const feather = Math.max(1, featherShare * Math.min(width, height)) / scale;
  const fade = (distance: number, crossed: boolean) =>
    distance < 0 ? 0 : !crossed || distance >= feather ? 1 : smoothstep(distance / feather);
  const data = new Uint8Array(width * height);
  const [a, b, c, d, e, f] = outToSource;
  for (let v = 0; v < height; v += 1) {
    for (let u = 0; u < width; u += 1) {
      const x = a * u + c * v + e;
      const y = b * u + d * v + f;
      const value =
        fade(x + 0.5, crosses.left) *
        fade(photo.width - 0.5 - x, crosses.right) *
        fade(y + 0.5, crosses.top) *
        fade(photo.height - 0.5 - y, crosses.bottom);
      data[v * width + u] = value * 255 + 0.5;
    }
  }
  return { data, padding: uncovered(data, width, height) };
}

function smoothstep(t: number): number {
  return t * t * (3 - 2 * t);
}

function uncovered(data: Uint8Array, width: number, height: number): PhotoCoverage['padding'] {
  const run = (start: number, step: number, limit: number) => {
    let n = 0;
    while (n < limit && data[start + n * step] === 0) n += 1;
    return n;
  };
  let top = 0;
  let bottom = 0;
  let left = 0;
  let right = 0;
  for (let u = Math.floor(width / 4); u < Math.ceil((3 * width) / 4); u += 1) {
    top = Math.max(top, run(u, width, height));
    bottom = Math.max(bottom, run((height - 1) * width + u, -width, height));
  }
  for (let v = Math.floor(height / 4); v < Math.ceil((3 * height) / 4); v += 1) {
    left = Math.max(left, run(v * width, 1, width));
    right = Math.max(right, run(v * width + width - 1, -1, width));
  }
  return { top, right, bottom, left };
}
