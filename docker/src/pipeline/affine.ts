/**
 * 2-D affine maps as [a, b, c, d, e, f] (canvas setTransform order): x' = a·x + c·y + e,
 * y' = b·x + d·y + f. Every geometric step of the portrait (levelling rotation, framing, scaling) is one
 * of these, so the whole source → output mapping is one matrix that can be reported exactly.
 */
import { type Affine, applyAffine, composeAffine, invertAffine } from '../../api/affine.ts';
import type { Point } from './faceLandmarks.ts';

export { type Affine, applyAffine, composeAffine, invertAffine };

export const identity: Affine = [1, 0, 0, 1, 0, 0];

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

/** The centres of an output's four corner pixels, in source pixels. */
export function outputCornersInSource(outToSource: Affine, width: number, height: number): Point[] {
  return [
    { x: 0, y: 0 },
    { x: width - 1, y: 0 },
    { x: 0, y: height - 1 },
    { x: width - 1, y: height - 1 },
  ].map((corner) => applyAffine(outToSource, corner));
}
