/**
 * Stage 8a: colour decontamination of the semi-transparent edge (hair, soft outlines). A pixel there is
 * I = α·F + (1 − α)·B, a mix of the subject F and the old background B; shown on a new background it
 * would keep B's colour as a halo. F is estimated by blur-fusion (Forte & Pitié, "Approximate fast
 * foreground colour estimation", ICIP 2021): local α-weighted means of foreground and background,
 * then the residual of the compositing equation given back to F; twice, wide then narrow.
 */
import type { GreyImage, RgbImage } from './rgbImage.ts';
import { forEachWindowRow, type RowValues, type WindowRow, windowMean } from './windowSums.ts';

/** Box-blur radii as shares of the smaller side (wide pass, narrow pass). */
const radiusShares = [0.06, 0.006];

/**
 * Where α = 1 the estimate is the photo itself (the compositing residual gives it all back) and where
 * α = 0 the pixel is not shown, so only the semi-transparent band is estimated; each pass sums its
 * windows over the whole image but reads means at the band's pixels alone.
 */
export function estimateForeground(image: RgbImage, alpha: GreyImage): RgbImage {
  const { width, height, data: photo } = image;
  const a = alpha.data;
  // The band's pixels in image order, and where each row's start in that list.
  const rowStart = new Int32Array(height + 1);
  for (let y = 0; y < height; y += 1) {
    let inRow = 0;
    for (let i = y * width; i < (y + 1) * width; i += 1) if (a[i]! > 0 && a[i]! < 255) inRow += 1;
    rowStart[y + 1] = rowStart[y]! + inRow;
  }
  const bandSize = rowStart[height]!;
  const band = new Int32Array(bandSize);
  for (let i = 0, j = 0; i < width * height; i += 1) if (a[i]! > 0 && a[i]! < 255) band[j++] = i;
  const [wide, narrow] = radiusShares.map((share) =>
    Math.max(1, Math.round(share * Math.min(width, height))),
  );
  const solid = Math.ceil(solidAlpha * 255);

  // Wide pass. F and B both start as the photo, so one set of sums gives both means (B's sums are the
  // photo's less F's) and the mean colour of the solid subject nearby, which the spill removal reads.
  const wideValues: RowValues = (y, row) => {
    for (let x = 0, i = y * width; x < width; x += 1, i += 1) {
      const ai = a[i]! / 255;
      const si = a[i]! >= solid ? 1 : 0;
      const o = x * 11;
      for (let c = 0; c < 3; c += 1) {
        const v = photo[i * 3 + c]!;
        row[o + c] = ai * v;
        row[o + 4 + c] = v;
        row[o + 7 + c] = si * v;
      }
      row[o + 3] = ai;
      row[o + 10] = si;
    }
  };
  // Per band pixel: the wide pass's F and B, the old background's and the solid subject's means.
  const foreground1 = new Float32Array(bandSize * 3);
  const background1 = new Float32Array(bandSize * 3);
  const backgroundMean = new Float32Array(bandSize * 3);
  const subjectMean = new Float32Array(bandSize * 3);
  /** Each band pixel of a window row: its place in the band and the image, α, and the window's F and B weights (plane 3 holds α). */
  const eachBandPixel =
    (visit: (row: WindowRow, j: number, i: number, ai: number, weightF: number, weightB: number) => void) =>
    (row: WindowRow) => {
      for (let j = rowStart[row.y]!; j < rowStart[row.y + 1]!; j += 1) {
        const i = band[j]!;
        const x = i - row.y * width;
        const weightF = row.sum(x, 3);
        visit(row, j, i, a[i]! / 255, weightF, row.count(x) - weightF);
      }
    };
  forEachWindowRow(
    width,
    height,
    11,
    wide!,
    wideValues,
    eachBandPixel((row, j, i, ai, weightF, weightB) => {
      const x = i - row.y * width;
      for (let c = 0; c < 3; c += 1) {
        const v = photo[i * 3 + c]!;
        const sumF = row.sum(x, c);
        const meanF = windowMean(sumF, weightF, v);
        const meanB = windowMean(row.sum(x, 4 + c) - sumF, weightB, v);
        const residual = v - ai * meanF - (1 - ai) * meanB;
        foreground1[j * 3 + c] = Math.min(255, Math.max(0, meanF + ai * residual));
        background1[j * 3 + c] = Math.min(255, Math.max(0, meanB + (1 - ai) * residual));
        backgroundMean[j * 3 + c] = meanB;
        subjectMean[j * 3 + c] = windowMean(row.sum(x, 7 + c), row.sum(x, 10), v);
      }
    }),
  );

  // Narrow pass, on the wide pass's estimates (the photo itself outside the band).
  const narrowValues: RowValues = (y, row) => {
    let j = rowStart[y]!;
    for (let x = 0, i = y * width; x < width; x += 1, i += 1) {
      const ai = a[i]! / 255;
      const inBand = j < rowStart[y + 1]! && band[j] === i;
      const o = x * 7;
      for (let c = 0; c < 3; c += 1) {
        const v = photo[i * 3 + c]!;
        row[o + c] = ai * (inBand ? foreground1[j * 3 + c]! : v);
        row[o + 4 + c] = (1 - ai) * (inBand ? background1[j * 3 + c]! : v);
      }
      row[o + 3] = ai;
      if (inBand) j += 1;
    }
  };
  const out = Buffer.from(photo);
  const estimate = new Float32Array(3);
  forEachWindowRow(
    width,
    height,
    7,
    narrow!,
    narrowValues,
    eachBandPixel((row, j, i, ai, weightF, weightB) => {
      const x = i - row.y * width;
      for (let c = 0; c < 3; c += 1) {
        const meanF = windowMean(row.sum(x, c), weightF, foreground1[j * 3 + c]!);
        const meanB = windowMean(row.sum(x, 4 + c), weightB, background1[j * 3 + c]!);
        const residual = photo[i * 3 + c]! - ai * meanF - (1 - ai) * meanB;
        estimate[c] = Math.min(255, Math.max(0, meanF + ai * residual));
      }
      suppressSpill(estimate, ai, subjectMean, backgroundMean, j * 3);
      for (let c = 0; c < 3; c += 1) out[i * 3 + c] = estimate[c]! + 0.5;
    }),
  );
  return { data: out, width, height };
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
  a: number,
  subjectMean: Float32Array,
  backgroundMean: Float32Array,
  at: number,
): void {
  const d0 = backgroundMean[at]! - subjectMean[at]!;
  const d1 = backgroundMean[at + 1]! - subjectMean[at + 1]!;
  const d2 = backgroundMean[at + 2]! - subjectMean[at + 2]!;
  if (d0 * d0 + d1 * d1 + d2 * d2 < minContrast * minContrast) return;
  const s0 = foreground[0]! - subjectMean[at]!;
  const s1 = foreground[1]! - subjectMean[at + 1]!;
  const s2 = foreground[2]! - subjectMean[at + 2]!;
  const grey = (d0 + d1 + d2) / 3;
  const [t0, t1, t2] = [d0 - grey, d1 - grey, d2 - grey];
  const tint2 = t0 * t0 + t1 * t1 + t2 * t2;
  const shiftGrey = (s0 + s1 + s2) / 3;
  const weight = Math.min(1, (1 - a) / (1 - fullSpillBelow));
  // Light is taken out only where the old background was brighter (a wall's halo on dark hair): where
  // it was darker, a dark shirt the model half-kept would be lit up to the colour of the skin above it.
  const brightness = grey > 1 ? clamp01(shiftGrey / grey) * weight : 0;
  const tinted =
    tint2 > 1
      ? clamp01(((s0 - shiftGrey) * t0 + (s1 - shiftGrey) * t1 + (s2 - shiftGrey) * t2) / tint2) * weight
      : 0;
  foreground[0] = Math.min(255, Math.max(0, foreground[0]! - brightness * grey - tinted * t0));
  foreground[1] = Math.min(255, Math.max(0, foreground[1]! - brightness * grey - tinted * t1));
  foreground[2] = Math.min(255, Math.max(0, foreground[2]! - brightness * grey - tinted * t2));
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
