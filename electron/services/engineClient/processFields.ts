/** The app's ProcessOptions as the form fields of POST /api/v1/process (mapping: contract/processOptions.ts). */
import { type ProcessOptions, toProcessFields } from '../../../contract/processOptions.ts';
import { type EngineProfile, OWN_ENGINE_PROFILE } from '../engineKind/engineKind.ts';

/** The fields for this engine: the published image swaps red and blue on the way in, so they go swapped. */
export function processFieldsFor(
  options: ProcessOptions,
  profile: EngineProfile = OWN_ENGINE_PROFILE,
): Record<string, string | number | boolean> {
  const fields: Record<string, string | number | boolean> = { ...toProcessFields(options) };
  if (profile.swapsRedAndBlue) {
    [fields.background_r, fields.background_b] = [options.background.b, options.background.r];
  }
  return fields;
}

/** Every field written out, so neither engine falls back to a default we did not choose. */
export function appendProcessFields(
  form: FormData,
  options: ProcessOptions,
  profile: EngineProfile = OWN_ENGINE_PROFILE,
): void {
  for (const [name, value] of Object.entries(processFieldsFor(options, profile)))
    form.append(name, String(value));
}
