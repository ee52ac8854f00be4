/**
 * A print sheet of portrait files written into a folder as JPG and PDF, never replacing a file: what
 * `facecraft sheet`, `facecraft process --sheet` and the window's "Print sheet…" all do.
 */
import { readFile } from 'node:fs/promises';
import type { PhotoDocument } from '../../../contract/documentTypes.ts';
import type { SheetFiles, SheetPaper } from '../../../contract/printSheet.ts';
import { writeNewFile } from '../files/atomicWrite.ts';
import { makePrintSheet } from './printSheet.ts';

/** Writes the sheet of `images` (file paths), `copies` of each (null: as many as fit), to `dir`. */
export async function writeSheet(
  images: readonly string[],
  doc: PhotoDocument,
  paper: SheetPaper,
  copies: number | null,
  dir: string,
): Promise<SheetFiles> {
  const inputs = [];
  for (const file of images) inputs.push({ image: await readFile(file), document: doc, copies });
  const sheet = await makePrintSheet(paper, inputs);
  const stem = `sheet-${doc.id}-${paper}`;
  return {
    paper,
    copies: sheet.layout.placements.length,
    jpg: await writeNewFile(dir, `${stem}.jpg`, sheet.jpg),
    pdf: await writeNewFile(dir, `${stem}.pdf`, sheet.pdf),
  };
}
