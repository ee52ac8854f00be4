import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderSheetJpeg, renderSheetPdf } from '../../../../../electron/services/documents/renderSheet.ts';
import type { SheetLayout } from '../../../../../electron/services/documents/sheetLayout.ts';
import { copyInSheet, jpegDpi, portraitAt } from '../../../../support/documentPhotoFiles.ts';
import { REPO_ROOT } from '../../../../support/fixtures.ts';

const OUT = path.join(REPO_ROOT, 'test-output', 'documents');

/** A 10 × 15 cm sheet laid out by hand: a 35 × 45 mm copy of photo 0, a 2 × 2 in copy of photo 1, and one crop mark. */
const LAYOUT: SheetLayout = {
  paper: '4x6',
  widthPx: 1200,
  heightPx: 1800,
  landscape: false,
  placements: [
    { photo: 0, x: 100, y: 100, width: 413, height: 531 },
    { photo: 1, x: 550, y: 100, width: 600, height: 600 },
    { photo: 0, x: 100, y: 700, width: 413, height: 531 },
  ],
  cropMarks: [{ x1: 76, y1: 100, x2: 100, y2: 100 }],
};

/** Real portraits on a dark background (so a copy's edges show against the paper), at sizes unlike the copies'. */
async function darkPortrait(width: number, height: number, fixture?: string): Promise<Buffer> {
  return sharp(await portraitAt(width, height, fixture))
    .flatten({ background: '#3050a0' })
    .png()
    .toBuffer();
}

async function pixel(jpg: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(jpg).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [data[i]!, data[i + 1]!, data[i + 2]!];
}

interface ImageDraw {
  x: number;
  y: number;
  width: number;
  height: number;
  /** The embedded image object drawn ("12 0 R"). */
  image: string;
}

/** The page's size, its decoded drawing operators (pdf-lib compresses them), and where each image lands in points. */
async function pdfPage(
  bytes: Uint8Array,
): Promise<{ size: { width: number; height: number }; ops: string; draws: ImageDraw[] }> {
  const page = (await PDFDocument.load(bytes)).getPage(0);
  const contents = page.node.Contents();
  const parts =
    contents instanceof PDFArray ? contents.asArray().map((ref) => page.doc.context.lookup(ref)) : [contents];
  const ops = parts
    .filter((part) => part instanceof PDFRawStream)
    .map((part) => Buffer.from(decodePDFRawStream(part).decode()).toString('latin1'))
    .join('\n');
  const xObjects = page.node.Resources()?.lookup(PDFName.of('XObject'), PDFDict);
  // One "q … Q" block per drawn image: its matrices, then "/Name Do".
  const blocks = ops.split(/\bQ\b/).filter((block) => /\/\S+ Do/.test(block));
  const draws = blocks.map((block) => {
    const name = /\/(\S+) Do/.exec(block)![1]!;
    // The image's unit square through the block's matrices, the last one applied first.
    const matrices = [...block.matchAll(/(\S+) (\S+) (\S+) (\S+) (\S+) (\S+) cm/g)].map((c) =>
      c.slice(1).map(Number),
    );
    const at = (x: number, y: number): [number, number] =>
      matrices.reduceRight<[number, number]>(
        ([px, py], [a, b, c, d, e, f]) => [a! * px + c! * py + e!, b! * px + d! * py + f!],
        [x, y],
      );
    const [x0, y0] = at(0, 0);
    const [x1, y1] = at(1, 1);
    const image = String(xObjects?.get(PDFName.of(name)));
    return { x: x0, y: y0, width: x1 - x0, height: y1 - y0, image };
  });
  return { size: page.getSize(), ops, draws };
}

describe('rendered print sheets', () => {
  it('draws each copy at its placement and size on a 1200 × 1800 px, 300 dpi JPG with white paper around it', async () => {
    const photos = [
      await darkPortrait(200, 260),
      await darkPortrait(300, 300, 'grayscale-smiling-young-man.jpg'),
    ];
    const jpg = await renderSheetJpeg(LAYOUT, photos);
    await mkdir(OUT, { recursive: true });
    await writeFile(path.join(OUT, 'render-sheet-hand-layout.jpg'), jpg);

    expect(await sharp(jpg).metadata()).toMatchObject({ format: 'jpeg', width: 1200, height: 1800 });
    expect(jpegDpi(jpg)).toEqual({ x: 300, y: 300 });
    for (const p of LAYOUT.placements) {
      const found = await copyInSheet(jpg, p);
      expect(Math.abs(found.x - p.x)).toBeLessThanOrEqual(1);
      expect(Math.abs(found.y - p.y)).toBeLessThanOrEqual(1);
      expect(Math.abs(found.width - p.width)).toBeLessThanOrEqual(1);
      expect(Math.abs(found.height - p.height)).toBeLessThanOrEqual(1);
    }
    // Blank paper where no copy was placed.
    expect(Math.min(...(await pixel(jpg, 800, 1500)))).toBeGreaterThan(245);
  });

  it('draws crop marks in mid grey on the paper', async () => {
    const jpg = await renderSheetJpeg(LAYOUT, [await darkPortrait(50, 60), await darkPortrait(60, 60)]);
    // The mark runs from x 76 to 100 along y 100: one pixel row, on either side of the line's centre.
    const rows = [await pixel(jpg, 88, 99), await pixel(jpg, 88, 100)].map((rgb) => Math.min(...rgb));
    expect(Math.min(...rows)).toBeGreaterThan(90);
    expect(Math.min(...rows)).toBeLessThan(170);
    // Just above and beside the mark the paper stays white.
    expect(Math.min(...(await pixel(jpg, 88, 95)))).toBeGreaterThan(240);
    expect(Math.min(...(await pixel(jpg, 60, 100)))).toBeGreaterThan(240);
  });

  it('prints a transparent portrait on white, not black', async () => {
    const transparent = await sharp({
      create: { width: 100, height: 100, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .composite([
        {
          input: await sharp({
            create: { width: 40, height: 40, channels: 4, background: { r: 200, g: 20, b: 20, alpha: 1 } },
          })
            .png()
            .toBuffer(),
          left: 30,
          top: 30,
        },
      ])
      .png()
      .toBuffer();
    const layout: SheetLayout = { ...LAYOUT, placements: [LAYOUT.placements[0]!], cropMarks: [] };
    const jpg = await renderSheetJpeg(layout, [transparent]);
    // The copy is 413 × 531 at (100, 100): its corner was transparent, its middle red.
    expect(Math.min(...(await pixel(jpg, 110, 110)))).toBeGreaterThan(240);
    const [r, g, b] = await pixel(jpg, 100 + 206, 100 + 265);
    expect(r).toBeGreaterThan(170);
    expect(Math.max(g!, b!)).toBeLessThan(60);
  });

  it('refuses a layout that names a photo it was not given, with a sentence', async () => {
    await expect(renderSheetJpeg(LAYOUT, [await darkPortrait(50, 60)])).rejects.toThrow(
      'The sheet layout names photo 1, which was not given.',
    );
  });

  it('makes a one-page PDF at exactly 4 × 6 in with each copy at its physical size and place', async () => {
    const photos = [await darkPortrait(200, 260), await darkPortrait(300, 300)];
    const pdf = await renderSheetPdf(LAYOUT, photos);
    await writeFile(path.join(OUT, 'render-sheet-hand-layout.pdf'), pdf);
    expect((await PDFDocument.load(pdf)).getPageCount()).toBe(1);
    const { size, ops, draws } = await pdfPage(pdf);
    expect(size.width).toBeCloseTo(288, 2);
    expect(size.height).toBeCloseTo(432, 2);

    // Points from the page's bottom-left corner: 35 mm is 99.12 pt, 2 in is 144 pt.
    const pt = (px: number) => (px / 300) * 72;
    expect(draws).toHaveLength(3);
    LAYOUT.placements.forEach((p, i) => {
      const d = draws[i]!;
      expect(d.width).toBeCloseTo(pt(p.width), 2);
      expect(d.height).toBeCloseTo(pt(p.height), 2);
      expect(d.x).toBeCloseTo(pt(p.x), 2);
      expect(d.y).toBeCloseTo(432 - pt(p.y + p.height), 2);
    });
    // The two copies of photo 0 share one embedded image.
    expect(new Set(draws.map((d) => d.image)).size).toBe(2);
    expect(draws[0]!.image).toBe(draws[2]!.image);
    // The crop mark: one stroked line.
    expect(ops.match(/ l\b/g)).toHaveLength(1);
  });

  it('turns the PDF page to 6 × 4 in for a landscape layout and to 210 × 297 mm for A4', async () => {
    const photo = await darkPortrait(50, 60);
    const one = { photo: 0, x: 100, y: 100, width: 413, height: 531 };
    const landscape = await renderSheetPdf(
      { paper: '4x6', widthPx: 1800, heightPx: 1200, landscape: true, placements: [one], cropMarks: [] },
      [photo],
    );
    const a4 = await renderSheetPdf(
      { paper: 'a4', widthPx: 2480, heightPx: 3508, landscape: false, placements: [one], cropMarks: [] },
      [photo],
    );
    const sizeOf = async (bytes: Uint8Array) => (await PDFDocument.load(bytes)).getPage(0).getSize();
    const l = await sizeOf(landscape);
    expect([l.width, l.height].map((v) => Math.round(v * 100) / 100)).toEqual([432, 288]);
    const a = await sizeOf(a4);
    expect([a.width, a.height].map((v) => Math.round(v * 100) / 100)).toEqual([595.28, 841.89]);
  });
});
