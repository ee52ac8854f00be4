/** The app's ProcessOptions as the form fields of POST /api/v1/process (mapping: contract/processOptions.ts). */
import { type ProcessOptions, toProcessFields } from '../../../contract/processOptions.ts';

/** Every field written out, so neither engine falls back to a default we did not choose. */
export function appendProcessFields(form: FormData, options: ProcessOptions): void {
  for (const [name, value] of Object.entries(toProcessFields(options))) form.append(name, String(value));
}
