/**
 * `facecraft sheet <portraits…> --document ID --sheet 4x6|a4 [--copies N] --out DIR`: a print sheet
 * (JPG and PDF) of portraits already made for a document. No engine needed.
 */
import path from 'node:path';
import { findDocument } from '../../../contract/documentGeometry.ts';
import { DOCUMENTS } from '../../../contract/documents.ts';
import type { PhotoDocument } from '../../../contract/documentTypes.ts';
import { FacecraftError } from '../../../contract/errors.ts';
import { isSheetPaper, SHEET_PAPERS, type SheetPaper } from '../../../contract/printSheet.ts';
import { writeSheet } from '../../services/documents/writeSheet.ts';
import { parse } from '../cliArgs.ts';
import { EXIT_OK, UsageError } from '../cliErrors.ts';
import type { CliOutput } from '../cliOutput.ts';

export const SHEET_HELP = `Usage: facecraft sheet <portraits…> --document ID --sheet 4x6|a4 --out DIR [--copies N] [--json]

Lays out copies of portraits made for a document on a print sheet at 300 dpi with thin crop
marks, and writes it as JPG and as PDF at the paper's exact size. Print at 100 % (no scaling).
  --document ID     the document the portraits were made for (facecraft documents lists them)
  --sheet 4x6|a4    10 × 15 cm (4 × 6 in) photo paper, or A4
  --copies N        copies of each portrait (default: as many as fit)
  --out DIR         where sheet.jpg and sheet.pdf go (nothing is overwritten)`;

export function documentArg(id: string | undefined): PhotoDocument {
  if (id === undefined)
    throw new UsageError('Say which document with --document ID (facecraft documents lists them).');
  const doc = findDocument(id);
  if (!doc)
    throw new FacecraftError(
      'unknown-document',
      `There is no document "${id}". Known: ${DOCUMENTS.map((d) => d.id).join(', ')}.`,
    );
  return doc;
}

export function sheetArg(value: string | undefined): SheetPaper {
  if (isSheetPaper(value)) return value;
  throw new UsageError(`--sheet must be 4x6 or a4${value === undefined ? '' : ` (not "${value}")`}.`);
}

export function copiesArg(value: string | undefined): number | null {
  if (value === undefined) return null;
  const copies = Number(value);
  if (value.trim() === '' || !Number.isInteger(copies) || copies < 1)
    throw new UsageError(`--copies must be a whole number from 1 (not "${value}").`);
  return copies;
}

export async function sheetCommand(args: string[], out: CliOutput): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      document: { type: 'string' },
      sheet: { type: 'string' },
      copies: { type: 'string' },
      out: { type: 'string', short: 'o' },
      json: { type: 'boolean' },
    },
    true,
  );
  if (values.help) {
    out.line(SHEET_HELP);
    return EXIT_OK;
  }
  const doc = documentArg(values.document);
  const paper = sheetArg(values.sheet);
  const copies = copiesArg(values.copies);
  if (positionals.length === 0) throw new UsageError('Name at least one portrait. See --help.');
  if (!values.out) throw new UsageError('Say where the sheet goes with --out DIR. See --help.');
  const files = await writeSheet(
    positionals.map((p) => path.resolve(p)),
    doc,
    paper,
    copies,
    path.resolve(values.out),
  );
  if (values.json) out.line(JSON.stringify({ sheet: files }, null, 2));
  else out.line(`${files.copies} copies on ${SHEET_PAPERS[paper].label} → ${files.jpg}, ${files.pdf}`);
  return EXIT_OK;
}
