/** `facecraft documents [--json]`: the photo documents Facecraft knows, their rules in one line, and their sources. */
import { documentSource, documentSummary } from '../../../contract/documentGeometry.ts';
import { DOCUMENTS } from '../../../contract/documents.ts';
import { parse } from '../cliArgs.ts';
import { EXIT_OK } from '../cliErrors.ts';
import type { CliOutput } from '../cliOutput.ts';

export const DOCUMENTS_HELP = `Usage: facecraft documents [--json]

Lists the photo documents (passports, visas, ID cards, profile pictures) with their ids for
'process --document ID' and 'sheet --document ID', their rules in one line, and where the rules
come from. None of the figures has been checked against the authority's page yet: check it.
  --json    print the whole table (rules and sources) as JSON`;

/** Pixel size the custom document shows when no size was chosen: the engine's default. */
const CUSTOM_SHOWN = { width: 648, height: 648 };

export async function documentsCommand(args: string[], out: CliOutput): Promise<number> {
  const { values } = parse(args, { json: { type: 'boolean' } });
  if (values.help) {
    out.line(DOCUMENTS_HELP);
    return EXIT_OK;
  }
  if (values.json) {
    const rows = DOCUMENTS.map((doc) => {
      const sources = new Set(
        [
          doc.size?.source,
          doc.headHeight?.source,
          doc.eyeLineFromBottom?.source,
          doc.backgrounds.source,
          doc.digital?.source,
        ].filter((s): s is string => typeof s === 'string'),
      );
      return {
        ...doc,
        summary: documentSummary(doc, CUSTOM_SHOWN),
        sources: Object.fromEntries([...sources].map((id) => [id, documentSource(id)])),
      };
    });
    out.line(JSON.stringify({ documents: rows }, null, 2));
    return EXIT_OK;
  }
  const width = Math.max(...DOCUMENTS.map((doc) => doc.id.length));
  for (const doc of DOCUMENTS) {
    out.line(`${doc.id.padEnd(width)}  ${doc.country} — ${doc.name}`);
    out.line(`${' '.repeat(width)}  ${documentSummary(doc, CUSTOM_SHOWN)}`);
    const source = doc.size ? documentSource(doc.size.source) : null;
    if (source)
      out.line(
        `${' '.repeat(width)}  source: ${source.authority}${source.url ? ` (${source.url})` : ''}${source.checked ? '' : ', not checked'}`,
      );
  }
  return EXIT_OK;
}
