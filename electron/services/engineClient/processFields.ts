/** The app's ProcessOptions as the contract's form fields of POST /api/v1/process. */
import type { ProcessOptions } from '../../../contract/domain.ts';
import type { ProcessFields } from '../../../contract/engineApi.ts';

export function toProcessFields(options: ProcessOptions): ProcessFields {
  return {
    width: options.width,
    height: options.height,
    background_r: options.background.r,
    background_g: options.background.g,
    background_b: options.background.b,
    face_margin: options.faceMargin,
    use_oval_mask: options.ovalMask,
    enhance_face: options.enhance,
    enhance_fidelity: options.enhanceFidelity,
    // URLs instead of base64: smaller answers, and the published image serves both.
    return_base64: false,
  };
}

/** Every field written out, so neither engine falls back to a default we did not choose. */
export function appendProcessFields(form: FormData, fields: ProcessFields): void {
  for (const [name, value] of Object.entries(fields)) form.append(name, String(value));
}
