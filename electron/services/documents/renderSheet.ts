/**
 * Draws a sheet layout as a JPG (sharp composite on white paper) and as a PDF at the paper's exact
 * physical size (pdf-lib), both with the same crop marks under the photos.
 */
import { PDFDocument, rgb } from 'pdf-lib';
import sharp from 'sharp';
import { SHEET_PAPERS } from '../../../contract/printSheet.ts';
import { SHEET_DPI, type SheetLayout } from './sheetLayout.ts';

/** Crop marks: one pixel at 300 dpi (0.085 mm), mid grey, visible on paper without ruining a cut. */
const MARK_GREY = 128;
const MARK_WIDTH_PX = 1;
const POINTS_PER_INCH = 72;

function marksSvg(layout: SheetLayout): Buffer {
  const lines = layout.cropMarks
    .map((l) => `<line x1="${l.x1}" y1="${l.y1}" x2="${l.x2}" y2="${l.y2}"/>`)
    .join('');
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.widthPx}" height="${layout.heightPx}">` +
      `<g stroke="rgb(${MARK_GREY},${MARK_GREY},${MARK_GREY})" stroke-width="${MARK_WIDTH_PX}" shape-rendering="crispEdges">${lines}</g></svg>`,
  );
}

/** Each photo at its placement's pixel size, as JPEG (the PDF embeds the same bytes). */
async function photoJpegs(layout: SheetLayout, photos: readonly Buffer[]): Promise<Map<number, Buffer>> {
  const out = new Map<number, Buffer>();
  for (const p of layout.placements) {
    if (out.has(p.photo)) continue;
    const source = photos[p.photo];
    if (!source) throw new Error(`The sheet layout names photo ${p.photo}, which was not given.`);
    out.set(
      p.photo,
      await sharp(source)
        .resize(p.width, p.height, { fit: 'fill' })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 95, chromaSubsampling: '4:4:4' })
        .toBuffer(),
    );
  }
  return out;
}

export async function renderSheetJpeg(layout: SheetLayout, photos: readonly Buffer[]): Promise<Buffer> {
  const jpegs = await photoJpegs(layout, photos);
  return sharp({
    create: { width: layout.widthPx, height: layout.heightPx, channels: 3, background: '#ffffff' },
  })
    .composite([
      { input: marksSvg(layout), left: 0, top: 0 },
      ...layout.placements.map((p) => ({ input: jpegs.get(p.photo)!, left: p.x, top: p.y })),
    ])
    .withMetadata({ density: SHEET_DPI })
    .jpeg({ quality: 95, chromaSubsampling: '4:4:4' })
    .toBuffer();
}

export async function renderSheetPdf(layout: SheetLayout, photos: readonly Buffer[]): Promise<Uint8Array> {
  const jpegs = await photoJpegs(layout, photos);
  const pdf = await PDFDocument.create();
  pdf.setTitle('Facecraft print sheet');
  pdf.setCreator('Facecraft Desktop');
  const spec = SHEET_PAPERS[layout.paper];
  const mmToPt = (mm: number) => (mm / 25.4) * POINTS_PER_INCH;
  const pageW = mmToPt(layout.landscape ? spec.heightMm : spec.widthMm);
  const pageH = mmToPt(layout.landscape ? spec.widthMm : spec.heightMm);
  const page = pdf.addPage([pageW, pageH]);
  const pt = (px: number) => (px / SHEET_DPI) * POINTS_PER_INCH;
  // PDF y grows upwards from the bottom edge.
  for (const l of layout.cropMarks) {
    page.drawLine({
      start: { x: pt(l.x1), y: pageH - pt(l.y1) },
      end: { x: pt(l.x2), y: pageH - pt(l.y2) },
      thickness: pt(MARK_WIDTH_PX),
      color: rgb(MARK_GREY / 255, MARK_GREY / 255, MARK_GREY / 255),
    });
  }
  const embedded = new Map<number, Awaited<ReturnType<PDFDocument['embedJpg']>>>();
  for (const [index, bytes] of jpegs) embedded.set(index, await pdf.embedJpg(bytes));
  for (const p of layout.placements) {
    page.drawImage(embedded.get(p.photo)!, {
      x: pt(p.x),
      y: pageH - pt(p.y + p.height),
      width: pt(p.width),
      height: pt(p.height),
    });
  }
  return pdf.save();
}
