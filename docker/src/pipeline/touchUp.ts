/**
 * Stage 7: a natural touch-up at output size: corrects what is wrong and no more. White balance only when
 * the photo has a clear colour cast (whiteBalance.ts) and exposure only when it is under-exposed
 * (exposure.ts), both in linear light, the exposure on luminance with a soft shoulder so no highlight
 * clips that did not clip before; then a gentle, clamped local contrast on luma (a wide unsharp
 * mask whose detail term is limited to a few levels, so strong edges get no halo). No global saturation
 * or contrast boost: a photo that was fine stays within a mean ΔE2000 of 3 of the untouched portrait.
 */
import sharp from 'sharp';
import type { RgbImage } from './rgbImage.ts';
import { linearToSrgb, luminance, srgbToLinear } from './srgb.ts';
import { type ChannelGains, isNeutral, neutralGains } from './whiteBalance.ts';

/** What the photo needs, measured on the whole photo (exposureGain, whiteBalanceGains). */
export interface Corrections {
  exposureGain: number;
  whiteBalance: ChannelGains;
}

/** Above this linear level the exposure gain rolls off towards white instead of clipping. */
const shoulderStart = 0.8;
const localContrast = { amount: 0.25, limit: 6, sigmaShare: 0.02 };
/** Local contrast lifts no channel above this. */
const highlightCeiling = 250;

function shoulder(value: number): number {
  if (value <= shoulderStart) return value;
  const room = 1 - shoulderStart;
  return shoulderStart + room * (1 - Math.exp(-(value - shoulderStart) / room));
}

function corrected(image: RgbImage, gain: number, [wr, wg, wb]: ChannelGains): Buffer {
  const { data } = image;
  const out = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i += 3) {
    const r = srgbToLinear[data[i]!]! * wr;
    const g = srgbToLinear[data[i + 1]!]! * wg;
    const b = srgbToLinear[data[i + 2]!]! * wb;
    const y = luminance(r, g, b);
    // The brightest channel rolls off too, so a saturated highlight (red skin) never clips either.
    const peak = Math.max(r, g, b);
    const ratio = Math.min(
      y > 0 ? shoulder(y * gain) / y : gain,
      peak > 0 ? shoulder(peak * gain) / peak : gain,
    );
    out[i] = linearToSrgb(r * ratio);
    out[i + 1] = linearToSrgb(g * ratio);
    out[i + 2] = linearToSrgb(b * ratio);
  }
  return out;
}

function clampByte(value: number): number {
  return value <= 0 ? 0 : value >= 255 ? 255 : value + 0.5;
}

export async function touchUp(
  image: RgbImage,
  { exposureGain, whiteBalance }: Corrections = { exposureGain: 1, whiteBalance: neutralGains },
): Promise<RgbImage> {
  const { width, height } = image;
  const needed = exposureGain > 1.01 || !isNeutral(whiteBalance);
  const data = needed ? corrected(image, Math.max(1, exposureGain), whiteBalance) : Buffer.from(image.data);
  const luma = Buffer.alloc(width * height);
  for (let i = 0, j = 0; i < luma.length; i += 1, j += 3) {
    luma[i] = (data[j]! * 299 + data[j + 1]! * 587 + data[j + 2]! * 114 + 500) / 1000;
  }
  const sigma = Math.max(1, localContrast.sigmaShare * Math.min(width, height));
  const blurred = await sharp(luma, { raw: { width, height, channels: 1 } })
    .blur(sigma)
    .toColourspace('b-w')
    .raw()
    .toBuffer();
  const { amount, limit } = localContrast;
  for (let i = 0, j = 0; i < luma.length; i += 1, j += 3) {
    const detail = luma[i]! - blurred[i]!;
    let delta =
      amount *
      (detail > limit / amount ? limit / amount : detail < -limit / amount ? -limit / amount : detail);
    // Never the push that clips: bright hair and highlights keep their level.
    if (delta > 0)
      delta = Math.min(delta, Math.max(0, highlightCeiling - Math.max(data[j]!, data[j + 1]!, data[j + 2]!)));
    data[j] = clampByte(data[j]! + delta);
    data[j + 1] = clampByte(data[j + 1]! + delta);
    data[j + 2] = clampByte(data[j + 2]! + delta);
  }
  return { data, width, height };
}
