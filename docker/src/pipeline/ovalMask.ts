/**
 * Stage 8: the portrait's alpha. The subject's alpha from segmentation, limited to what came from inside
 * the photo, and — when the oval mask is on — to an ellipse filling the crop with a feathered edge.
 */
import type { GreyImage } from './rgbImage.ts';

/** Feather width as a share of the smaller crop side. */
const featherShare = 0.04;

export function portraitAlpha(segmentation: GreyImage, coverage: Uint8Array, ovalMask: boolean): GreyImage {
  const { width, height } = segmentation;
  const alpha = new Uint8Array(width * height);
  const cx = width / 2;
  const cy = height / 2;
  const rx = width / 2;
  const ry = height / 2;
  const feather = Math.max(1, featherShare * Math.min(width, height));
  for (let y = 0; y < height; y += 1) {
    const dy = (y + 0.5 - cy) / ry;
    for (let x = 0; x < width; x += 1) {
      const i = y * width + x;
      let value = Math.min(segmentation.data[i]!, coverage[i]!);
      if (ovalMask) {
        const dx = (x + 0.5 - cx) / rx;
        // Approximate distance inside the ellipse edge, in pixels of the smaller radius.
        const inside = (1 - Math.sqrt(dx * dx + dy * dy)) * Math.min(rx, ry);
        const oval = inside >= feather ? 1 : inside <= 0 ? 0 : smoothstep(inside / feather);
        value = Math.min(value, oval * 255 + 0.5);
      }
      alpha[i] = value;
    }
  }
  return { data: alpha, width, height };
}

function smoothstep(t: number): number {
  return t * t * (3 - 2 * t);
}
