/**
 * Validation of the text fields of the processing forms. Each problem becomes a 400 with a sentence
 * naming the field and what it accepts (the published image answers FastAPI's 422 list instead; a
 * sentence is what the desktop app shows its users).
 */

import { ACCEPTED_SUFFIXES } from '../../api/processContract.ts';
import {
  PROCESS_FIELD_NAMES,
  PROCESS_FIELDS,
  type ProcessFieldSpec,
  type ProcessFields,
  parseFieldText,
} from '../../api/processFields.ts';
import { HttpError } from './httpError.ts';
import type { MultipartForm, UploadedFile } from './multipartForm.ts';

function invalid(message: string): HttpError {
  return new HttpError(400, 'invalid_field', message);
}

/** The single value of a field, undefined when absent; a field sent twice is refused, not guessed. */
export function single(form: MultipartForm, name: string): string | undefined {
  const values = form.fields.get(name);
  if (!values) return undefined;
  if (values.length > 1) {
    throw new HttpError(
      400,
      'duplicate_field',
      `The form field '${name}' was sent ${values.length} times; send it once.`,
    );
  }
  return values[0];
}

/** A text field read by a spec of the option table; `fallback` when absent or empty. */
export function specField<T extends number | boolean>(
  form: MultipartForm,
  name: string,
  spec: ProcessFieldSpec,
  fallback: T,
): T {
  const text = single(form, name);
  if (text === undefined || text.trim() === '') return fallback;
  const parsed = parseFieldText(spec, `The form field '${name}'`, text);
  if (!parsed.ok) throw invalid(parsed.problem);
  return parsed.value as T;
}

/** Every field of the option table, each defaulting to `defaults` (the FACECRAFT_DEFAULT_* values). */
export function processFormFields(form: MultipartForm, defaults: ProcessFields): ProcessFields {
  const out: Record<string, number | boolean> = {};
  for (const name of PROCESS_FIELD_NAMES)
    out[name] = specField(form, name, PROCESS_FIELDS[name], defaults[name]);
  return out as ProcessFields;
}

/** Checks the suffix the way the published image does, and emptiness, before any decoding. */
export function checkUpload(file: UploadedFile): void {
  checkSuffix(file);
  if (file.data.length === 0) {
    throw new HttpError(400, 'empty_file', `The uploaded file '${file.filename}' is empty (0 bytes).`);
  }
}

export function checkSuffix(file: UploadedFile): void {
  const dot = file.filename.lastIndexOf('.');
  const suffix = dot >= 0 ? file.filename.slice(dot).toLowerCase() : '';
  if (!(ACCEPTED_SUFFIXES as readonly string[]).includes(suffix)) {
    const what =
      suffix === ''
        ? `'${file.filename || 'the upload'}' has no file suffix`
        : `'${suffix}' is not supported`;
    throw new HttpError(
      400,
      'unsupported_format',
      `Unsupported file format: ${what}. Allowed formats: ${ACCEPTED_SUFFIXES.join(', ')}.`,
    );
  }
}

/** The one upload in `field`: required, exactly once. */
export function singleFile(form: MultipartForm, field: string): UploadedFile {
  const files = form.files.filter((file) => file.field === field);
  if (files.length === 0) {
    throw new HttpError(400, 'missing_file', `The form field '${field}' with an image file is required.`);
  }
  if (files.length > 1) {
    throw new HttpError(
      400,
      'duplicate_field',
      `The form field '${field}' was sent ${files.length} times; send one image.`,
    );
  }
  return files[0]!;
}
