/** Print sheets of document photos: each photo at its document's physical size, N copies, JPG and PDF. */
import sharp from 'sharp';
import type { PhotoDocument } from '../../../contract/documentTypes.ts';
import type { SheetPaper } from '../../../contract/printSheet.ts';
import { renderSheetJpeg, renderSheetPdf } from './renderSheet.ts';
import { layoutSheet, SHEET_DPI, type SheetLayout } from './sheetLayout.ts';

export interface SheetInput {
  /** The delivered portrait (PNG or JPG). */
  image: Buffer;
  document: PhotoDocument;
  copies: number | null;
}

export interface PrintSheet {
  layout: SheetLayout;
  jpg: Buffer;
  pdf: Uint8Array;
}

/** The photo's size on a 300 dpi sheet: its own pixels printed at its document's dpi. */
async function sheetSize(input: SheetInput): Promise<{ width: number; height: number }> {
  const meta = await sharp(input.image).metadata();
  const scale = SHEET_DPI / input.document.dpi;
  return { width: Math.round((meta.width ?? 0) * scale), height: Math.round((meta.height ?? 0) * scale) };
}

export async function makePrintSheet(paper: SheetPaper, inputs: readonly SheetInput[]): Promise<PrintSheet> {
  const photos = [];
  for (const input of inputs) photos.push({ ...(await sheetSize(input)), copies: input.copies });
  const layout = layoutSheet(paper, photos);
  const images = inputs.map((input) => input.image);
  return { layout, jpg: await renderSheetJpeg(layout, images), pdf: await renderSheetPdf(layout, images) };
}
