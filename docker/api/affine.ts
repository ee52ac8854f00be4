/**
 * 2-D affine maps as [a, b, c, d, e, f] (canvas setTransform order): x' = a·x + c·y + e,
 * y' = b·x + d·y + f. The engine builds a portrait's source → output map from these and reports it
 * (portraitGeometry.ts); the app draws "before" through the same maths. Pure, no imports at run time.
 */
import type { Point } from './portraitGeometry.ts';

export type Affine = [number, number, number, number, number, number];

export function applyAffine(m: Readonly<Affine>, p: Point): Point {
  return { x: m[0] * p.x + m[2] * p.y + m[4], y: m[1] * p.x + m[3] * p.y + m[5] };
}

/** `outer` after `inner`: first inner, then outer. */
export function composeAffine(outer: Readonly<Affine>, inner: Readonly<Affine>): Affine {
  const [a1, b1, c1, d1, e1, f1] = outer;
  const [a2, b2, c2, d2, e2, f2] = inner;
  return [
    a1 * a2 + c1 * b2,
    b1 * a2 + d1 * b2,
    a1 * c2 + c1 * d2,
    b1 * c2 + d1 * d2,
    a1 * e2 + c1 * f2 + e1,
    b1 * e2 + d1 * f2 + f1,
  ];
}

export function invertAffine(m: Readonly<Affine>): Affine {
  const [a, b, c, d, e, f] = m;
  const det = a * d - b * c;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) throw new Error('The transform cannot be inverted.');
  return [d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det];
}
