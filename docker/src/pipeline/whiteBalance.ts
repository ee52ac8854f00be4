/**
 * Whether the photo has a colour cast, and the channel gains that take most of it out. The white point is
 * the mean of the brightest 5 % of unclipped pixels (walls, shirts, highlights: what should be neutral),
 * in linear light, on a sparse grid of the whole upright photo. Its cast is its distance from neutral in
 * log-chromaticity (ln R/G, ln B/G). Light that is a little warm or cool is part of a photo: the fixtures'
 * well-lit photos reach 0.20 (a warm-lit woman), most stay under 0.1. Only the cast beyond `keptCast` is
 * removed, so a photo under it is left exactly as it is, and a strongly tinted one is brought back to a
 * gentle warmth or coolness rather than to a clinical grey.
 */
import type { RgbImage } from './rgbImage.ts';
import { luminance, srgbToLinear } from './srgb.ts';

/** The cast (log-chromaticity distance) a photo may keep; the correction removes only what is beyond. */
const keptCast = 0.12;
/** No channel is lifted or lowered by more than this factor. */
const maxGain = 1.5;
const brightestShare = 0.05;
const clippedLevel = 0.98;

export type ChannelGains = readonly [number, number, number];
export const neutralGains: ChannelGains = [1, 1, 1];

/** The white point's log-chromaticity, [ln R/G, ln B/G]; [0, 0] when the photo has no usable pixel. */
export function whitePointCast(image: RgbImage): [number, number] {
  const { data, width, height } = image;
  const step = Math.max(1, Math.floor(Math.sqrt((width * height) / 40_000)));
  const pixels: { r: number; g: number; b: number; y: number }[] = [];
  for (let y = 0; y < height; y += step) {
    for (let x = 0; x < width; x += step) {
      const i = (y * width + x) * 3;
      const r = srgbToLinear[data[i]!]!;
      const g = srgbToLinear[data[i + 1]!]!;
      const b = srgbToLinear[data[i + 2]!]!;
      if (Math.max(r, g, b) >= clippedLevel) continue;
      pixels.push({ r, g, b, y: luminance(r, g, b) });
    }
  }
  pixels.sort((p, q) => q.y - p.y);
  const brightest = pixels.slice(0, Math.max(1, Math.floor(pixels.length * brightestShare)));
  const sum = brightest.reduce((s, p) => ({ r: s.r + p.r, g: s.g + p.g, b: s.b + p.b }), {
    r: 0,
    g: 0,
    b: 0,
  });
  if (!(sum.r > 0 && sum.g > 0 && sum.b > 0)) return [0, 0];
  return [Math.log(sum.r / sum.g), Math.log(sum.b / sum.g)];
}

/** Gains (linear light, grey's luminance kept) that shrink the photo's cast to at most `keptCast`. */
export function whiteBalanceGains(image: RgbImage): ChannelGains {
  const [redCast, blueCast] = whitePointCast(image);
  const cast = Math.hypot(redCast, blueCast);
  if (cast <= keptCast) return neutralGains;
  const removed = 1 - keptCast / cast;
  const limit = Math.log(maxGain);
  const clampLog = (value: number) => Math.max(-limit, Math.min(limit, value));
  const r = Math.exp(clampLog(-redCast * removed));
  const b = Math.exp(clampLog(-blueCast * removed));
  const g = 1 / luminance(r, 1, b);
  return [r * g, g, b * g];
}

export function isNeutral(gains: ChannelGains): boolean {
  return gains.every((gain) => gain === 1);
}
