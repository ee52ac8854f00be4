/**
 * A real photo stretched to side × side and normalised as the engine feeds the segmentation model:
 * the whole-photo input the graph tests compare models on and the int8 calibration records ranges from.
 */
import sharp from 'sharp';
import type { Normalisation } from '../../src/models/segmentationModels.ts';

/** NCHW planes, R then G then B; `ev` darkens the photo by that many stops first (a derived variant). */
export async function stretchedPortrait(
  photo: string | Buffer,
  side: number,
  { mean, std }: Normalisation,
  ev = 0,
): Promise<Float32Array> {
  const pixels = await sharp(photo)
    .removeAlpha()
    .linear(2 ** -ev, 0)
    .resize(side, side, { fit: 'fill' })
    .raw()
    .toBuffer();
  const plane = side * side;
  const input = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i += 1) {
    for (let c = 0; c < 3; c += 1) input[c * plane + i] = (pixels[i * 3 + c]! - mean[c]!) / std[c]!;
  }
  return input;
}
