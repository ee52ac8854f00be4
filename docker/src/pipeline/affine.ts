/**
 * 2-D affine maps as [a, b, c, d, e, f] (canvas setTransform order): x' = a·x + c·y + e,
 * y' = b·x + d·y + f. Every geometric step of the portrait (levelling rotation, framing, scaling) is one
 * of these, so the whole source → output mapping is one matrix that can be reported exactly.
 */
import type { Point } from './faceLandmarks.ts';

export type Affine = [number, number, number, number, number, number];

export const identity: Affine = [1, 0, 0, 1, 0, 0];

export function applyAffine(m: Affine, p: Point): Point {
  return { x: m[0] * p.x + m[2] * p.y + m[4], y: m[1] * p.x + m[3] * p.y + m[5] };
}

/** `second` after `first`. */
export function composeAffine(second: Affine, first: Affine): Affine {
  const [a1, b1, c1, d1, e1, f1] = first;
  const [a2, b2, c2, d2, e2, f2] = second;
  return [
    a2 * a1 + c2 * b1,
    b2 * a1 + d2 * b1,
    a2 * c1 + c2 * d1,
    b2 * c1 + d2 * d1,
    a2 * e1 + c2 * f1 + e2,
    b2 * e1 + d2 * f1 + f2,
  ];
}

export function invertAffine(m: Affine): Affine {
  const [a, b, c, d, e, f] = m;
  const det = a * d - b * c;
  if (Math.abs(det) < 1e-12) throw new Error('the affine map is not invertible');
  return [d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det];
}

/** Rotation by `angle` radians (clockwise on screen, as y points down) about `centre`. */
export function rotationAbout(centre: Point, angle: number): Affine {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  return [
    cos,
    sin,
    -sin,
    cos,
    centre.x - cos * centre.x + sin * centre.y,
    centre.y - sin * centre.x - cos * centre.y,
  ];
}

/**
 * Maps a rectangle whose edges start at (left, top) onto pixels scaled by `scale`: pixel i covers
 * [i − 0.5, i + 0.5] on both sides, so the rectangle's left edge lands on the first pixel's left edge.
 */
export function frameMap(left: number, top: number, scale: number): Affine {
  return [scale, 0, 0, scale, -left * scale - 0.5, -top * scale - 0.5];
}

/** Degrees the map turns the x axis (clockwise positive). */
export function affineRotationDegrees(m: Affine): number {
  return (Math.atan2(m[1], m[0]) * 180) / Math.PI;
}

/** Mean scale of the map (output units per input unit). */
export function affineScale(m: Affine): number {
  return Math.sqrt(Math.abs(m[0] * m[3] - m[1] * m[2]));
}
