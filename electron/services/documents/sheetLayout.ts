/**
 * Where copies of document photos go on a print sheet (10 × 15 cm / 4 × 6 in, or A4) at 300 dpi,
 * with crop marks that continue each photo's edges into the margins. Pure: the JPG and PDF
 * renderers draw the same layout.
 */
import { FacecraftError } from '../../../contract/errors.ts';
import { SHEET_PAPERS, type SheetPaper } from '../../../contract/printSheet.ts';

export const SHEET_DPI = 300;
/** Blank border of the paper and space between copies: room for the crop marks and the scissors. */
export const SHEET_MARGIN_MM = 5;
export const SHEET_GUTTER_MM = 3;
/** How far a crop mark runs out from a photo's corner. */
export const CROP_MARK_MM = 2;

export interface SheetPhoto {
  /** Size on the sheet in pixels at SHEET_DPI (the photo's physical size). */
  width: number;
  height: number;
  /** Copies wanted; null: as many as fit (shared evenly when there are several photos). */
  copies: number | null;
}

export interface Placement {
  photo: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Line {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface SheetLayout {
  paper: SheetPaper;
  widthPx: number;
  heightPx: number;
  landscape: boolean;
  placements: Placement[];
  cropMarks: Line[];
}

export function mmToSheetPx(mm: number): number {
  return Math.round((mm / 25.4) * SHEET_DPI);
}

/** Shelf packing, left to right and top to bottom; the placements that fit, in order. */
function pack(
  sizes: readonly { width: number; height: number }[],
  order: number[],
  width: number,
  height: number,
): Placement[] {
  const margin = mmToSheetPx(SHEET_MARGIN_MM);
  const gutter = mmToSheetPx(SHEET_GUTTER_MM);
  const placed: Placement[] = [];
  let x = margin;
  let y = margin;
  let rowHeight = 0;
  for (const photo of order) {
    const size = sizes[photo]!;
    if (x + size.width > width - margin && x > margin) {
      x = margin;
      y += rowHeight + gutter;
      rowHeight = 0;
    }
    if (x + size.width > width - margin || y + size.height > height - margin) break;
    placed.push({ photo, x, y, width: size.width, height: size.height });
    x += size.width + gutter;
    rowHeight = Math.max(rowHeight, size.height);
  }
  return placed;
}

/** The block of copies moved to the middle of the paper's width: even margins for the cutter. */
function centred(placements: Placement[], width: number): Placement[] {
  if (placements.length === 0) return placements;
  const left = Math.min(...placements.map((p) => p.x));
  const right = Math.max(...placements.map((p) => p.x + p.width));
  const shift = Math.floor((width - right - left) / 2);
  return placements.map((p) => ({ ...p, x: p.x + shift }));
}

function cropMarks(placements: Placement[]): Line[] {
  const len = mmToSheetPx(CROP_MARK_MM);
  const lines: Line[] = [];
  for (const p of placements) {
    const left = p.x;
    const right = p.x + p.width;
    const top = p.y;
    const bottom = p.y + p.height;
    for (const cx of [left, right]) {
      lines.push(
        { x1: cx, y1: top - len, x2: cx, y2: top },
        { x1: cx, y1: bottom, x2: cx, y2: bottom + len },
      );
    }
    for (const cy of [top, bottom]) {
      lines.push(
        { x1: left - len, y1: cy, x2: left, y2: cy },
        { x1: right, y1: cy, x2: right + len, y2: cy },
      );
    }
  }
  return lines;
}

function wantedOrder(photos: readonly SheetPhoto[], fill: number): number[] {
  const order: number[] = [];
  photos.forEach((photo, index) => {
    for (let n = 0; n < (photo.copies ?? fill); n += 1) order.push(index);
  });
  return order;
}

/** The layout of `photos` on `paper`, in whichever orientation holds more; throws `sheet-full` when they do not fit. */
export function layoutSheet(paper: SheetPaper, photos: readonly SheetPhoto[]): SheetLayout {
  if (photos.length === 0)
    throw new FacecraftError('invalid-argument', 'A print sheet needs at least one photo.');
  const spec = SHEET_PAPERS[paper];
  const portrait = { width: mmToSheetPx(spec.widthMm), height: mmToSheetPx(spec.heightMm) };
  const tries = [false, true].map((landscape) => {
    const width = landscape ? portrait.height : portrait.width;
    const height = landscape ? portrait.width : portrait.height;
    // Capacity: how many of the photos, taken in turn, fit at all.
    const cycle = Array.from({ length: 1000 }, (_, i) => i % photos.length);
    const capacity = pack(photos, cycle, width, height).length;
    let fill = Math.max(1, Math.floor(capacity / photos.length));
    let order = wantedOrder(photos, fill);
    let packed = pack(photos, order, width, height);
    // Copies grouped by photo pack worse than the cycle (shelves of mixed heights): "as many as fit"
    // shrinks the shared count until they all fit, instead of failing.
    while (packed.length < order.length && fill > 1 && photos.some((p) => p.copies === null)) {
      fill -= 1;
      order = wantedOrder(photos, fill);
      packed = pack(photos, order, width, height);
    }
    const placements = centred(packed, width);
    const layout: SheetLayout = {
      paper,
      widthPx: width,
      heightPx: height,
      landscape,
      placements,
      cropMarks: cropMarks(placements),
    };
    return { layout, wanted: order.length };
  });
  const complete = tries
    .filter((t) => t.layout.placements.length > 0 && t.layout.placements.length === t.wanted)
    .sort((a, b) => b.wanted - a.wanted);
  const chosen = complete[0];
  if (!chosen) {
    // Both numbers from the same orientation (the one that holds most), so "Only N of M" never has N > M.
    const best = [...tries].sort((a, b) => b.layout.placements.length - a.layout.placements.length)[0]!;
    const advice = paper === 'a4' ? 'ask for fewer copies' : 'ask for fewer copies or use A4';
    throw new FacecraftError(
      'sheet-full',
      `Only ${best.layout.placements.length} of ${best.wanted} copies fit on ${spec.label}: ${advice}.`,
    );
  }
  return chosen.layout;
}
