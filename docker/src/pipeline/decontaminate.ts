/**
 * Stage 8a: colour decontamination of the semi-transparent edge (hair, soft outlines). A pixel there is
 * I = α·F + (1 − α)·B, a mix of the subject F and the old background B; shown on a new background it
 * would keep B's colour as a halo. F is estimated by blur-fusion (Forte & Pitié, "Approximate fast
 * foreground colour estimation", ICIP 2021): local α-weighted means of foreground and background,
 * then the residual of the compositing equation given back to F; twice, wide then narrow.
 */
import type { GreyImage, RgbImage } from './rgbImage.ts';

/** Box-blur radii as shares of the smaller side (wide pass, narrow pass). */
const radiusShares = [0.06, 0.006];

/** Weighted box means of `values` (w × h, `channels` interleaved) over (2r+1)² windows, via an integral image. */
export function boxMean(
  values: Float32Array,
  weights: Float32Array,
  width: number,
  height: number,
  channels: number,
  r: number,
): Float32Array {
  const stride = width + 1;
  const integral = new Float64Array(stride * (height + 1) * (channels + 1));
  const planes = channels + 1;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = y * width + x;
      const o = ((y + 1) * stride + x + 1) * planes;
      const up = (y * stride + x + 1) * planes;
      const left = ((y + 1) * stride + x) * planes;
      const diag = (y * stride + x) * planes;
      const w = weights[i]!;
      for (let c = 0; c < planes; c += 1) {
        const v = c < channels ? values[i * channels + c]! * w : w;
        integral[o + c] = v + integral[up + c]! + integral[left + c]! - integral[diag + c]!;
      }
    }
  }
  const out = new Float32Array(width * height * channels);
  for (let y = 0; y < height; y += 1) {
    const y0 = Math.max(0, y - r);
    const y1 = Math.min(height, y + r + 1);
    for (let x = 0; x < width; x += 1) {
      const x0 = Math.max(0, x - r);
      const x1 = Math.min(width, x + r + 1);
      const a = (y0 * stride + x0) * planes;
      const b = (y0 * stride + x1) * planes;
      const c = (y1 * stride + x0) * planes;
      const d = (y1 * stride + x1) * planes;
      const weight =
        integral[d + channels]! - integral[b + channels]! - integral[c + channels]! + integral[a + channels]!;
      const i = (y * width + x) * channels;
      for (let ch = 0; ch < channels; ch += 1) {
        const sum = integral[d + ch]! - integral[b + ch]! - integral[c + ch]! + integral[a + ch]!;
        out[i + ch] = weight > 1e-6 ? sum / weight : values[i + ch]!;
      }
    }
  }
  return out;
}

export interface ForegroundEstimate {
  foreground: RgbImage;
  /** The estimated old background (for measuring what was removed). */
  background: Float32Array;
}

export function estimateForeground(image: RgbImage, alpha: GreyImage): ForegroundEstimate {
  const { width, height } = image;
  const n = width * height;
  const a = new Float32Array(n);
  const inverse = new Float32Array(n);
  for (let i = 0; i < n; i += 1) {
    a[i] = alpha.data[i]! / 255;
    inverse[i] = 1 - a[i]!;
  }
  const colour = Float32Array.from(image.data);
  let foreground = colour;
  let background = colour;
  // The wide pass's mean of the old background around each edge pixel.
  let wideBackground: Float32Array | null = null;
  for (const share of radiusShares) {
    const r = Math.max(1, Math.round(share * Math.min(width, height)));
    const meanF = boxMean(foreground, a, width, height, 3, r);
    const meanB = boxMean(background, inverse, width, height, 3, r);
    wideBackground ??= meanB;
    const nextF = new Float32Array(n * 3);
    const nextB = new Float32Array(n * 3);
    for (let i = 0; i < n; i += 1) {
      const ai = a[i]!;
      for (let c = 0; c < 3; c += 1) {
        const k = i * 3 + c;
        const residual = colour[k]! - ai * meanF[k]! - (1 - ai) * meanB[k]!;
        nextF[k] = Math.min(255, Math.max(0, meanF[k]! + ai * residual));
        nextB[k] = Math.min(255, Math.max(0, meanB[k]! + (1 - ai) * residual));
      }
    }
    foreground = nextF;
    background = nextB;
  }
  if (wideBackground) {
    const r = Math.max(1, Math.round(radiusShares[0]! * Math.min(width, height)));
    const solid = a.map((v) => (v >= solidAlpha ? 1 : 0));
    suppressSpill(foreground, a, boxMean(colour, solid, width, height, 3, r), wideBackground);
  }
  const out = Buffer.alloc(n * 3);
  for (let i = 0; i < n; i += 1) {
    // Where α = 1 the estimate is the photo itself (the residual gives it all back).
    for (let c = 0; c < 3; c += 1) out[i * 3 + c] = foreground[i * 3 + c]! + 0.5;
  }
  return { foreground: { data: out, width, height }, background };
}

/** The subject's own colour is read from pixels at least this opaque (the band's are mixed). */
const solidAlpha = 0.98;
/** Subject and old background closer than this (RGB distance, levels) have no direction to remove. */
const minContrast = 20;
/** Below this α the spill is removed in full; above it, less and less, none at α = 1. */
const fullSpillBelow = 0.9;

/**
 * Blur-fusion leaves part of the old background in thin, half-opaque strands (its local means are
 * coarser than a hair, and they mix the band's own tinted pixels in): green grass still tinted blonde
 * hair on red. What is left is removed along the old background's own direction from the subject's
 * colour (the mean of its solid pixels nearby), in two parts: its tint, and its brightness where the
 * old background was brighter; each taken out only as far as F has moved that way. Split, a brighter
 * rim on a dark jacket in front of grass loses its extra light but is not turned purple by removing
 * green it never had. Opaque pixels are left alone.
 */
function suppressSpill(
  foreground: Float32Array,
  alpha: Float32Array,
  subjectMean: Float32Array,
  backgroundMean: Float32Array,
): void {
  const direction = [0, 0, 0];
  const tint = [0, 0, 0];
  const shift = [0, 0, 0];
  for (let i = 0; i < alpha.length; i += 1) {
    const a = alpha[i]!;
    if (a >= 1) continue;
    const k = i * 3;
    for (let c = 0; c < 3; c += 1) {
      direction[c] = backgroundMean[k + c]! - subjectMean[k + c]!;
      shift[c] = foreground[k + c]! - subjectMean[k + c]!;
    }
    const [d0, d1, d2] = direction as [number, number, number];
    if (d0 * d0 + d1 * d1 + d2 * d2 < minContrast * minContrast) continue;
    const grey = (d0 + d1 + d2) / 3;
    for (let c = 0; c < 3; c += 1) tint[c] = direction[c]! - grey;
    const tint2 = tint[0]! ** 2 + tint[1]! ** 2 + tint[2]! ** 2;
    const shiftGrey = (shift[0]! + shift[1]! + shift[2]!) / 3;
    const weight = Math.min(1, (1 - a) / (1 - fullSpillBelow));
    // Light is taken out only where the old background was brighter (a wall's halo on dark hair): where
    // it was darker, a dark shirt the model half-kept would be lit up to the colour of the skin above it.
    const brightness = grey > 1 ? clamp01(shiftGrey / grey) * weight : 0;
    const tinted =
      tint2 > 1
        ? clamp01(
            ((shift[0]! - shiftGrey) * tint[0]! +
              (shift[1]! - shiftGrey) * tint[1]! +
              (shift[2]! - shiftGrey) * tint[2]!) /
              tint2,
          ) * weight
        : 0;
    for (let c = 0; c < 3; c += 1) {
      const value = foreground[k + c]! - brightness * grey - tinted * tint[c]!;
      foreground[k + c] = Math.min(255, Math.max(0, value));
    }
  }
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
