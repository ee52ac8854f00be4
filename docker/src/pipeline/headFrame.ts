/**
 * Framing from the head, not from the face box. The crown (top of the silhouette above the face, hair
 * included) comes from the segmentation mask of a generous region around the face; the chin from the
 * landmarks. The frame puts crown-to-chin at `headRatio(faceMargin)` of the output height (0.65 at the
 * contract's default margin 0.3), the crown a little below the top, the face centred and the eyes level.
 * All rectangles are in the upright frame (the photo turned about the eye midpoint so the eyes are level).
 */
import type { Alignment } from './alignFace.ts';
import type { Point } from './faceLandmarks.ts';
import type { GreyImage } from './rgbImage.ts';

export interface UprightRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** What the landmarks tell about the head, in the upright frame. */
export interface FaceFeatures {
  browTop: number;
  chin: number;
  centreX: number;
  faceWidth: number;
  eyeLine: number;
}

/** Crown-to-chin as a share of the output height: more margin, smaller head (0 → 0.8, 0.3 → 0.65, 1 → 0.3). */
export function headRatio(faceMargin: number): number {
  return Math.min(0.8, Math.max(0.3, 0.8 - 0.5 * faceMargin));
}

/** Share of the room left over (1 − head ratio) that goes above the crown; the rest is neck and shoulders. */
const headroomShare = 0.35;
/** The crown is guessed this many brow-to-chin heights above the brows before the mask is seen (generous: hair). */
const crownGuess = 0.8;
/** Context around the guessed frame, as a share of its size on each side, for the segmentation model. */
const regionContext = 0.3;

export function faceFeatures(alignment: Alignment): FaceFeatures {
  const points = alignment.points;
  const ys = (from: number, to: number) => points.slice(from, to + 1).map((p) => p.y);
  const jawXs = points.slice(0, 17).map((p) => p.x);
  const left = Math.min(...jawXs);
  const right = Math.max(...jawXs);
  const eyes = [...points.slice(36, 48)];
  return {
    browTop: Math.min(...ys(17, 26)),
    chin: Math.max(...ys(5, 11)),
    centreX: (left + right) / 2,
    faceWidth: right - left,
    eyeLine: eyes.reduce((sum, p) => sum + p.y, 0) / eyes.length,
  };
}

/** The portrait frame for a head from `crown` to the chin, at the output's aspect. */
export function portraitFrame(
  face: FaceFeatures,
  crown: number,
  headWidth: number,
  faceMargin: number,
  width: number,
  height: number,
  ratio = headRatio(faceMargin),
): UprightRect {
  const aspect = width / height;
  const headHeight = Math.max(1, face.chin - crown);
  // A narrow output must still hold the head's width.
  const frameHeight = Math.max(headHeight / ratio, headWidth / (0.95 * aspect));
  const frameWidth = frameHeight * aspect;
  const gap = (frameHeight - headHeight) * headroomShare;
  return { left: face.centreX - frameWidth / 2, top: crown - gap, width: frameWidth, height: frameHeight };
}

/** The portrait frame guessed from the landmarks alone, before the mask shows the crown. */
export function guessedFrame(
  face: FaceFeatures,
  faceMargin: number,
  width: number,
  height: number,
): UprightRect {
  const guessedCrown = face.browTop - crownGuess * (face.chin - face.browTop);
  return portraitFrame(face, guessedCrown, face.faceWidth * 1.3, faceMargin, width, height);
}

/** The square region the segmentation model sees: the frame guessed from the landmarks, with context. */
export function segmentationRegion(
  face: FaceFeatures,
  faceMargin: number,
  width: number,
  height: number,
): UprightRect {
  const frame = guessedFrame(face, faceMargin, width, height);
  const side = Math.max(frame.width, frame.height) * (1 + 2 * regionContext);
  return {
    left: frame.left + frame.width / 2 - side / 2,
    top: frame.top + frame.height / 2 - side / 2,
    width: side,
    height: side,
  };
}

export interface HeadExtent {
  /** Top of the head in the upright frame. */
  crown: number;
  /** Width of the silhouette at the eye line, upright pixels. */
  headWidth: number;
  /** The silhouette reached the region's top: the head may go on above it. */
  touchesTop: boolean;
  /** The mask showed no head above the brows: the crown is a guess from the landmarks. */
  guessed: boolean;
}

/** `mask` is the alpha of `region` (its pixels span the region exactly). */
export function headExtent(mask: GreyImage, region: UprightRect, face: FaceFeatures): HeadExtent {
  const k = mask.width / region.width;
  const toColumn = (x: number) => Math.round((x - region.left) * k - 0.5);
  const toRow = (y: number) => Math.round((y - region.top) * k - 0.5);
  const at = (column: number, row: number) => mask.data[row * mask.width + column]!;
  const startRow = Math.max(0, Math.min(mask.height - 1, toRow(face.browTop)));
  // Columns over the face (not its shoulders or a raised hand): the skull and hair above it.
  const first = Math.max(0, toColumn(face.centreX - 0.45 * face.faceWidth));
  const last = Math.min(mask.width - 1, toColumn(face.centreX + 0.45 * face.faceWidth));
  const maxGap = Math.max(2, Math.round(mask.height * 0.004));
  let topRow = Number.POSITIVE_INFINITY;
  for (let column = first; column <= last; column += 1) {
    if (at(column, startRow) < 128) continue;
    let row = startRow;
    let top = startRow;
    while (row > 0 && row >= top - maxGap) {
      row -= 1;
      if (at(column, row) >= 128) top = row;
    }
    topRow = Math.min(topRow, top);
  }
  const guessed = !Number.isFinite(topRow);
  const crown = guessed
    ? face.browTop - 0.6 * (face.chin - face.browTop)
    : (topRow + 0.5) / k + region.top - 0.5 / k;
  return {
    crown,
    headWidth: silhouetteWidth(mask, toRow(face.eyeLine), toColumn(face.centreX)) / k || face.faceWidth * 1.2,
    touchesTop: !guessed && topRow <= 1,
    guessed,
  };
}

/** Width of the opaque run through `column` on `row` (0 when that pixel is background). */
function silhouetteWidth(mask: GreyImage, row: number, column: number): number {
  if (row < 0 || row >= mask.height || column < 0 || column >= mask.width) return 0;
  const base = row * mask.width;
  if (mask.data[base + column]! < 128) return 0;
  let left = column;
  let right = column;
  while (left > 0 && mask.data[base + left - 1]! >= 128) left -= 1;
  while (right < mask.width - 1 && mask.data[base + right + 1]! >= 128) right += 1;
  return right - left + 1;
}

/**
 * How far (source pixels) the frame's corners reach past the photo's left, right and bottom edges; the
 * top is left out: above a head there is background, which extends cleanly.
 */
export function bodyIntrusion(points: Point[], photo: { width: number; height: number }): number {
  return Math.max(
    0,
    ...points.map((p) => -0.5 - p.x),
    ...points.map((p) => p.x - (photo.width - 0.5)),
    ...points.map((p) => p.y - (photo.height - 0.5)),
  );
}

/**
 * The frame for the head: at the margin's head ratio, or — where that frame reaches past the photo's
 * sides or bottom (a tightly cropped photo) — zoomed in by up to 0.04 of the height, which keeps the cut
 * of the body on the frame's edge instead of inside it.
 */
export function fittedFrame(
  face: FaceFeatures,
  head: HeadExtent,
  faceMargin: number,
  size: { width: number; height: number },
  corners: (frame: UprightRect) => Point[],
  photo: { width: number; height: number },
  angle: number,
): UprightRect {
  const base = headRatio(faceMargin);
  let best: { frame: UprightRect; out: number } | null = null;
  for (const extra of [0, 0.015, 0.03, 0.04]) {
    const ratio = Math.min(0.85, base + extra);
    const frame0 = portraitFrame(
      face,
      head.crown,
      head.headWidth,
      faceMargin,
      size.width,
      size.height,
      ratio,
    );
    const frame = nudgeIntoPhoto(frame0, head.crown, corners, photo, angle);
    const out = bodyIntrusion(corners(frame), photo);
    if (!best || out < best.out - 0.5) best = { frame, out };
    if (out < 0.5) break;
  }
  return best!.frame;
}

/** Turns a source-space vector into the upright frame (the upright frame is the source turned by −angle). */
function toUpright(vector: Point, angle: number): Point {
  const cos = Math.cos(-angle);
  const sin = Math.sin(-angle);
  return { x: vector.x * cos - vector.y * sin, y: vector.x * sin + vector.y * cos };
}

/**
 * Moves the frame (by at most 5 % of its size, never taking the headroom below 10 %) so that it stays
 * inside the photo where it only just left it: shoulders cut by the photo's edge a few pixels inside the
 * frame are worse than a head a few pixels off centre. Where the photo truly ends, the frame stays; the
 * background is extended there and the subject's edge faded (photoCoverage.ts).
 */
export function nudgeIntoPhoto(
  frame: UprightRect,
  crown: number,
  corners: (frame: UprightRect) => Point[],
  photo: { width: number; height: number },
  angle: number,
): UprightRect {
  let shiftX = 0;
  let shiftY = 0;
  const maxX = 0.05 * frame.width;
  const maxDown = Math.max(0, crown - frame.top - 0.1 * frame.height);
  const maxUp = 0.05 * frame.height;
  for (let step = 0; step < 4; step += 1) {
    const moved = { ...frame, left: frame.left + shiftX, top: frame.top + shiftY };
    const points = corners(moved);
    const outLeft = Math.max(0, ...points.map((p) => -0.5 - p.x));
    const outRight = Math.max(0, ...points.map((p) => p.x - (photo.width - 0.5)));
    const outTop = Math.max(0, ...points.map((p) => -0.5 - p.y));
    const outBottom = Math.max(0, ...points.map((p) => p.y - (photo.height - 0.5)));
    const push = toUpright({ x: outLeft - outRight, y: outTop - outBottom }, angle);
    if (Math.abs(push.x) < 0.25 && Math.abs(push.y) < 0.25) break;
    shiftX = Math.max(-maxX, Math.min(maxX, shiftX + push.x));
    shiftY = Math.max(-maxUp, Math.min(maxDown, shiftY + push.y));
  }
  return { ...frame, left: frame.left + shiftX, top: frame.top + shiftY };
}
