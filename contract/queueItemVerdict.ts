/** The verdict of a finished queue item for a document: the item's result as the verdict's input. */

import type { DigitalFormat, PhotoDocument } from './documentTypes.ts';
import { type DocumentVerdict, judgeDocumentPhoto } from './documentVerdict.ts';
import type { QueueItem } from './domain.ts';

/** Null while the item has no result. `file`: the saved file, when the verdict should judge its type and size. */
export function queueItemVerdict(
  doc: PhotoDocument,
  item: QueueItem,
  file: { format: DigitalFormat; bytes: number } | null = null,
): DocumentVerdict | null {
  if (!item.result) return null;
  return judgeDocumentPhoto(doc, {
    measurements: item.result.measurements ?? null,
    faceCount: item.result.faceCount,
    faceCountKnown: item.result.faceCountKnown !== false,
    outputSize: item.result.outputSize,
    file,
    background: item.options.background,
  });
}
