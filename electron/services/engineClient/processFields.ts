/** The app's ProcessOptions as the contract's form fields of POST /api/v1/process. */
import type { ProcessOptions } from '../../../contract/domain.ts';
import type { ProcessFields } from '../../../contract/engineApi.ts';
import { type EngineProfile, OWN_ENGINE_PROFILE } from '../engineKind/engineKind.ts';

export function toProcessFields(
  options: ProcessOptions,
  profile: EngineProfile = OWN_ENGINE_PROFILE,
): ProcessFields {
  // The published image swaps red and blue on the way in: sending them swapped gives the colour chosen.
  const { r, g, b } = options.background;
  const [red, blue] = profile.swapsRedAndBlue ? [b, r] : [r, b];
  return {
    width: options.width,
    height: options.height,
    background_r: red,
    background_g: g,
    background_b: blue,
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
