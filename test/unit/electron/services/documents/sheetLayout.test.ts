import { describe, expect, it } from 'vitest';
import { FacecraftError } from '../../../../../contract/errors.ts';
import {
  layoutSheet,
  mmToSheetPx,
  type Placement,
  type SheetLayout,
} from '../../../../../electron/services/documents/sheetLayout.ts';

/** 35 × 45 mm (EU passport) and 2 × 2 in (US passport) at 300 dpi. */
const EU = { width: 413, height: 531 };
const US = { width: 600, height: 600 };
const MARGIN = 59; // 5 mm
const GUTTER = 35; // 3 mm
const MARK = 24; // 2 mm

function overlaps(a: Placement, b: Placement): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Every copy inside the paper's 5 mm margin and no two copies on top of each other. */
function expectCopiesApart(layout: SheetLayout): void {
  for (const p of layout.placements) {
    expect(p.x).toBeGreaterThanOrEqual(MARGIN);
    expect(p.y).toBeGreaterThanOrEqual(MARGIN);
    expect(p.x + p.width).toBeLessThanOrEqual(layout.widthPx - MARGIN);
    expect(p.y + p.height).toBeLessThanOrEqual(layout.heightPx - MARGIN);
  }
  layout.placements.forEach((a, i) => {
    for (const b of layout.placements.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
  });
}

describe('print sheet layout', () => {
  it('converts millimetres to 300 dpi sheet pixels as a printer measures them', () => {
    expect([35, 45, 50.8, 101.6, 152.4, 210, 297].map(mmToSheetPx)).toEqual([
      413, 531, 600, 1200, 1800, 2480, 3508,
    ]);
  });

  it('fits six 35 × 45 mm copies on 10 × 15 cm in two centred columns and three rows 3 mm apart', () => {
    const layout = layoutSheet('4x6', [{ ...EU, copies: null }]);
    expect([layout.widthPx, layout.heightPx, layout.landscape]).toEqual([1200, 1800, false]);
    expect(layout.placements.map((p) => [p.x, p.y, p.width, p.height])).toEqual([
      [169, 59, 413, 531],
      [617, 59, 413, 531],
      [169, 625, 413, 531],
      [617, 625, 413, 531],
      [169, 1191, 413, 531],
      [617, 1191, 413, 531],
    ]);
    const [first, second] = layout.placements as [Placement, Placement];
    // Even side margins for the cutter, and the 3 mm gutter between the columns.
    expect(Math.abs(layout.widthPx - (second.x + second.width) - first.x)).toBeLessThanOrEqual(1);
    expect(second.x - (first.x + first.width)).toBe(GUTTER);
    expectCopiesApart(layout);
  });

  it('turns the paper to landscape when the photos only fit across it', () => {
    const layout = layoutSheet('4x6', [{ width: 1600, height: 500, copies: null }]);
    expect([layout.widthPx, layout.heightPx, layout.landscape]).toEqual([1800, 1200, true]);
    expect(layout.placements.map((p) => [p.x, p.y])).toEqual([
      [100, 59],
      [100, 594],
    ]);
    expectCopiesApart(layout);
  });

  it('draws eight 2 mm crop marks per copy that continue its edges outwards from each corner', () => {
    const layout = layoutSheet('4x6', [{ ...EU, copies: 1 }]);
    expect(layout.placements).toEqual([{ photo: 0, x: 393, y: 59, width: 413, height: 531 }]);
    const [left, top, right, bottom] = [393, 59, 806, 590];
    expect(layout.cropMarks).toEqual(
      expect.arrayContaining([
        { x1: left, y1: top - MARK, x2: left, y2: top },
        { x1: left, y1: bottom, x2: left, y2: bottom + MARK },
        { x1: right, y1: top - MARK, x2: right, y2: top },
        { x1: right, y1: bottom, x2: right, y2: bottom + MARK },
        { x1: left - MARK, y1: top, x2: left, y2: top },
        { x1: right, y1: top, x2: right + MARK, y2: top },
        { x1: left - MARK, y1: bottom, x2: left, y2: bottom },
        { x1: right, y1: bottom, x2: right + MARK, y2: bottom },
      ]),
    );
    expect(layout.cropMarks).toHaveLength(8);
  });

  it('keeps every crop mark of a full sheet on the paper and off the other copies', () => {
    const layout = layoutSheet('a4', [{ ...EU, copies: null }]);
    expect(layout.placements).toHaveLength(30); // five columns, six rows
    expect(layout.cropMarks).toHaveLength(30 * 8);
    for (const l of layout.cropMarks) {
      expect(Math.min(l.x1, l.x2, l.y1, l.y2)).toBeGreaterThanOrEqual(0);
      expect(Math.max(l.x1, l.x2)).toBeLessThanOrEqual(layout.widthPx);
      expect(Math.max(l.y1, l.y2)).toBeLessThanOrEqual(layout.heightPx);
      // A mark touches its own copy's edge only: it never runs into another copy's picture.
      const inside = layout.placements.filter(
        (p) =>
          Math.max(l.x1, l.x2) > p.x &&
          Math.min(l.x1, l.x2) < p.x + p.width &&
          Math.max(l.y1, l.y2) > p.y &&
          Math.min(l.y1, l.y2) < p.y + p.height,
      );
      expect(inside).toEqual([]);
    }
  });

  it('shares "as many as fit" evenly between two different photos on A4 (it used to refuse: "Only 19 of 18")', () => {
    const layout = layoutSheet('a4', [
      { ...EU, copies: null },
      { ...US, copies: null },
    ]);
    expect(layout.placements.filter((p) => p.photo === 0)).toHaveLength(9);
    expect(layout.placements.filter((p) => p.photo === 1)).toHaveLength(9);
    expectCopiesApart(layout);
  });

  it('gives a photo the copies asked for and the other photo the rest of the paper', () => {
    const layout = layoutSheet('a4', [
      { ...EU, copies: null },
      { ...US, copies: 2 },
    ]);
    expect(layout.placements.filter((p) => p.photo === 1).map((p) => [p.width, p.height])).toEqual([
      [600, 600],
      [600, 600],
    ]);
    expect(layout.placements.filter((p) => p.photo === 0)).toHaveLength(10);
    expectCopiesApart(layout);
  });

  it('says how many fit on A4 without suggesting A4, and asks for a photo when there is none', () => {
    expect(() => layoutSheet('a4', [{ ...EU, copies: 50 }])).toThrow(
      expect.objectContaining({
        code: 'sheet-full',
        message: 'Only 30 of 50 copies fit on A4 (210 × 297 mm): ask for fewer copies.',
      }),
    );
    expect(() => layoutSheet('4x6', [])).toThrow(FacecraftError);
    expect(() => layoutSheet('4x6', [])).toThrow(
      expect.objectContaining({
        code: 'invalid-argument',
        message: 'A print sheet needs at least one photo.',
      }),
    );
  });
});
