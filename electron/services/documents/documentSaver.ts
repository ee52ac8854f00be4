/**
 * Saving results made for a document: each file re-encoded from the engine's PNG with the
 * document's resolution and upload limit, and the verdict of each photo judged on the file saved
 * (its JPG when there is one: uploads are JPEG).
 */
import { readFile } from 'node:fs/promises';
import type { PhotoDocument } from '../../../contract/documentTypes.ts';
import type { DocumentVerdict } from '../../../contract/documentVerdict.ts';
import type { QueueItem } from '../../../contract/domain.ts';
import { queueItemVerdict } from '../../../contract/queueItemVerdict.ts';
import type { ResultEncoder } from '../files/saveResults.ts';
import { encodeDocumentPhoto } from './encodeDocumentPhoto.ts';

export interface DocumentSaver {
  encode: ResultEncoder;
  /** The verdict of each item saved so far, by item id. */
  verdicts: Map<string, DocumentVerdict>;
}

export function documentSaver(doc: PhotoDocument): DocumentSaver {
  const verdicts = new Map<string, DocumentVerdict>();
  const encode: ResultEncoder = async (item: QueueItem, ext, bytes) => {
    // The PNG is the lossless source for both files.
    const source = ext === 'png' ? bytes : await readFile(item.result?.pngPath ?? '').catch(() => bytes);
    const encoded = await encodeDocumentPhoto(source, doc, ext, item.options.background);
    const previous = verdicts.get(item.id);
    if (!previous || ext === 'jpg') {
      const verdict = queueItemVerdict(doc, item, { format: ext, bytes: encoded.bytes.length });
      if (verdict) verdicts.set(item.id, verdict);
    }
    return encoded.bytes;
  };
  return { encode, verdicts };
}
