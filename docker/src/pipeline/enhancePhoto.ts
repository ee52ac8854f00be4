/**
 * Stage 7: the published pipeline's photo touch-up, with sharp: exposure by CLAHE on lightness, an
 * edge-preserving denoise (3×3 median), grey-world white balance, mild sharpening, then contrast and
 * saturation × 1.15. sharp applies operations in a fixed order, so the steps that must follow one
 * another run as two pipelines, with the white-balance gains measured in between.
 */
import sharp, { type Sharp } from 'sharp';
import type { RgbImage } from './rgbImage.ts';

const contrast = 1.15;
const saturation = 1.15;
/** Grey-world gains are kept mild: a crop dominated by one colour (a green wall) must not turn the face purple. */
const maxGain = 1.2;

function raw(image: RgbImage): Sharp {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
}

export async function enhancePhoto(image: RgbImage): Promise<RgbImage> {
  const tile = Math.max(8, Math.round(Math.min(image.width, image.height) / 8));
  const exposed = await raw(image)
    .median(3)
    .clahe({ width: tile, height: tile, maxSlope: 2 })
    .raw()
    .toBuffer({ resolveWithObject: true });

  const { channels } = await sharp(exposed.data, {
    raw: { width: image.width, height: image.height, channels: 3 },
  }).stats();
  const means = channels.slice(0, 3).map((channel) => channel.mean);
  const grey = (means[0]! + means[1]! + means[2]!) / 3;
  const gains = means.map((mean) => Math.min(maxGain, Math.max(1 / maxGain, grey / Math.max(mean, 1))));

  // One linear step does white balance and contrast about mid-grey: out = contrast * gain * v + 128 * (1 - contrast).
  const data = await sharp(exposed.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .linear(
      gains.map((gain) => contrast * gain),
      gains.map(() => 128 * (1 - contrast)),
    )
    .modulate({ saturation })
    .sharpen({ sigma: 0.7, m1: 0.5, m2: 1.5 })
    .raw()
    .toBuffer();
  return { data, width: image.width, height: image.height };
}
