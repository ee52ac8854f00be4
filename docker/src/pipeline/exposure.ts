/**
 * How much the photo is under-exposed. A well-exposed photo has something near white (a highlight, a
 * wall, a shirt): the 99.5th percentile of its luminance is high. When that highlight level is low the
 * photo is dark and gets the gain that brings the highlight back; a photo whose highlights are fine is
 * left alone (a dark skin is not a dark photo). Measured on a sparse grid of the whole upright photo.
 */
import type { RgbImage } from './rgbImage.ts';
import { luminance, srgbToLinear } from './srgb.ts';

/**
 * Linear luminance below which the highlights say "under-exposed" (sRGB ≈ 178). The fixtures' well-exposed
 * photos have it from 0.49 (a low-contrast grey studio shot) to 1.0; a 1.5 EV darker copy of any of them
 * is at most 0.354.
 */
const darkHighlights = 0.45;
/** Where the gain puts the highlight level: the fixtures' typical (median) 99.5th percentile, sRGB ≈ 237. */
const highlightTarget = 0.85;
const maxGain = 4;

export function exposureGain(image: RgbImage): number {
  const { data, width, height } = image;
  const step = Math.max(1, Math.floor(Math.sqrt((width * height) / 40_000)));
  const histogram = new Uint32Array(1024);
  let count = 0;
  for (let y = 0; y < height; y += step) {
    for (let x = 0; x < width; x += step) {
      const i = (y * width + x) * 3;
      const value = luminance(
        srgbToLinear[data[i]!]!,
        srgbToLinear[data[i + 1]!]!,
        srgbToLinear[data[i + 2]!]!,
      );
      histogram[Math.min(1023, Math.floor(value * 1024))]! += 1;
      count += 1;
    }
  }
  let remaining = count * 0.005;
  let bin = 1023;
  while (bin > 0 && remaining > histogram[bin]!) {
    remaining -= histogram[bin]!;
    bin -= 1;
  }
  const highlight = (bin + 0.5) / 1024;
  if (highlight >= darkHighlights) return 1;
  return Math.min(maxGain, highlightTarget / Math.max(highlight, 1e-3));
}
