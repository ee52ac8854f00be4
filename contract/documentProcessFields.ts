/**
 * A document as the engine's generic framing fields (docker/api/processFields.ts): the engine knows
 * no document names, only target ratios, a pixel size and a resolution.
 */
import type { ProcessFields } from '../docker/api/processFields.ts';
import {
  classifyBackground,
  documentPixels,
  type PixelSize,
  type Rgb,
  rangeAsRatio,
} from './documentGeometry.ts';
import type { PhotoDocument } from './documentTypes.ts';
import { optionsFromFields, type ProcessOptions, toProcessFields } from './processOptions.ts';

export type DocumentFramingFields = Pick<
  ProcessFields,
  | 'width'
  | 'height'
  | 'dpi'
  | 'target_head_ratio'
  | 'target_eye_line'
  | 'use_oval_mask'
  | 'background_r'
  | 'background_g'
  | 'background_b'
>;

function midpoint(range: { min: number; max: number }): number {
  return Number(((range.min + range.max) / 2).toFixed(4));
}

/**
 * The fields that frame a photo for `doc`: its pixels and dpi, the middle of its head and eye
 * ranges (the safest target for measurement noise either way), no oval for printed documents (they
 * want the whole background), and the document's preferred background unless the user's is allowed.
 */
export function documentFramingFields(
  doc: PhotoDocument,
  current: PixelSize & { ovalMask: boolean; background: Rgb },
): DocumentFramingFields {
  const px = documentPixels(doc, current);
  const allowed = classifyBackground(current.background).some((kind) =>
    doc.backgrounds.allowed.includes(kind),
  );
  const colour = allowed ? current.background : doc.backgrounds.preferred;
  const printed = doc.size !== null && doc.size.unit !== 'px';
  return {
    width: px.width,
    height: px.height,
    dpi: doc.dpi,
    target_head_ratio: doc.headHeight ? midpoint(rangeAsRatio(doc, doc.headHeight, 'height')) : 0,
    target_eye_line: doc.eyeLineFromBottom ? midpoint(rangeAsRatio(doc, doc.eyeLineFromBottom, 'height')) : 0,
    use_oval_mask: printed ? false : current.ovalMask,
    background_r: colour.r,
    background_g: colour.g,
    background_b: colour.b,
  };
}

/** The user's options with a document's framing laid over them (size, dpi, targets, oval, background). */
export function documentOptions(doc: PhotoDocument, base: ProcessOptions): ProcessOptions {
  const fields = documentFramingFields(doc, {
    width: base.width,
    height: base.height,
    ovalMask: base.ovalMask,
    background: base.background,
  });
  return optionsFromFields({ ...toProcessFields(base), ...fields });
}
