import type { SheetFiles, SheetPaper } from '../../../contract/printSheet.ts';
import { SHEET_PAPERS } from '../../../contract/printSheet.ts';
import { useSettingsStore } from '../stores/useSettingsStore.ts';
import { getBridge } from './bridge.ts';
import { chooseOutputFolder } from './saveResults.ts';

const fileName = (file: string) => file.split(/[\\/]/).pop() ?? file;

/** The notice for a sheet written: how many copies fit, and the two files by name. */
export function sheetNotice(files: SheetFiles, dir: string): string {
  const copies = `${files.copies} ${files.copies === 1 ? 'copy fits' : 'copies fit'}`;
  return `${copies} on ${SHEET_PAPERS[files.paper].label}: saved ${fileName(files.jpg)} and ${fileName(files.pdf)} to ${dir}`;
}

/**
 * Writes a print sheet of the results into the remembered output folder, asking for one the first time;
 * null when the folder choice was cancelled. The bridge's error (e.g. the layout's "Only 4 of 8 copies
 * fit…") is thrown on.
 */
export async function printSheet(
  ids: string[] | 'all',
  paper: SheetPaper,
  copies: number | null,
): Promise<{ files: SheetFiles; dir: string } | null> {
  const dir = useSettingsStore.getState().settings?.outputDir ?? (await chooseOutputFolder());
  if (!dir) return null;
  return { files: await getBridge().results.printSheet(ids, paper, copies, dir), dir };
}
