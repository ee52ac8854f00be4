/**
 * 2-D affine maps in canvas setTransform order [a, b, c, d, e, f]:
 * x' = a·x + c·y + e, y' = b·x + d·y + f. Pure functions, no DOM.
 */
import { type Affine, applyAffine, composeAffine, invertAffine } from '../../../docker/api/affine.ts';

export { type Affine, applyAffine, composeAffine, invertAffine };

export const IDENTITY: Readonly<Affine> = [1, 0, 0, 1, 0, 0];

export function scaleAndTranslate(scale: number, dx: number, dy: number): Affine {
  return [scale, 0, 0, scale, dx, dy];
}
