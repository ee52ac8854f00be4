/** Print sheets of document photos: the papers a sheet is laid out on, and the files one sheet makes. */

export type SheetPaper = '4x6' | 'a4';

export const SHEET_PAPERS: Record<SheetPaper, { label: string; widthMm: number; heightMm: number }> = {
  '4x6': { label: '10 × 15 cm (4 × 6 in)', widthMm: 101.6, heightMm: 152.4 },
  a4: { label: 'A4 (210 × 297 mm)', widthMm: 210, heightMm: 297 },
};

export const SHEET_PAPER_NAMES = Object.keys(SHEET_PAPERS) as SheetPaper[];

export function isSheetPaper(value: unknown): value is SheetPaper {
  return typeof value === 'string' && Object.hasOwn(SHEET_PAPERS, value);
}

/** One sheet written: its paper, the copies laid out on it, and the JPG and PDF paths. */
export interface SheetFiles {
  paper: SheetPaper;
  copies: number;
  jpg: string;
  pdf: string;
}
