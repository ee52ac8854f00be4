/** The /process form fields as the engine reads them: every row of the option table, with its sentences. */
import { describe, expect, it } from 'vitest';
import { PROCESS_FIELD_NAMES, processFieldDefaults } from '../../../api/processFields.ts';
import { loadConfig } from '../../../src/config.ts';
import { processFormFields } from '../../../src/service/formFields.ts';
import { HttpError } from '../../../src/service/httpError.ts';
import type { MultipartForm } from '../../../src/service/multipartForm.ts';
import { processOptions } from '../../../src/service/processOptions.ts';

function form(fields: Record<string, string | string[]>): MultipartForm {
  return {
    files: [],
    fields: new Map(
      Object.entries(fields).map(([name, value]) => [name, Array.isArray(value) ? value : [value]]),
    ),
  };
}

function refusal(fields: Record<string, string | string[]>): HttpError {
  try {
    processFormFields(form(fields), processFieldDefaults());
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('process form fields', () => {
  it('gives every field of the table its default when the form sends none', () => {
    const read = processFormFields(form({}), processFieldDefaults());
    expect(Object.keys(read).sort()).toEqual([...PROCESS_FIELD_NAMES].sort());
    expect(read).toEqual(processFieldDefaults());
  });

  it('reads what the app sends, as numbers and booleans', () => {
    const read = processFormFields(
      form({ width: '413', height: '531', face_margin: '0.45', use_oval_mask: 'false', background_b: '181' }),
      processFieldDefaults(),
    );
    expect(read).toMatchObject({
      width: 413,
      height: 531,
      face_margin: 0.45,
      use_oval_mask: false,
      background_b: 181,
    });
  });

  it('refuses a width of 32 with a 400 sentence naming the field and its range', () => {
    const error = refusal({ width: '32' });
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('invalid_field');
    expect(error.message).toBe("The form field 'width' must be from 64 to 4096; 32 is out of range.");
  });

  it('quotes malformed text as it was sent', () => {
    expect(refusal({ height: '12px' }).message).toBe(
      "The form field 'height' must be a whole number from 64 to 4096, not '12px'.",
    );
    expect(refusal({ use_oval_mask: 'maybe' }).message).toBe(
      "The form field 'use_oval_mask' must be true or false, not 'maybe'.",
    );
    expect(refusal({ width: ['600', '700'] }).code).toBe('duplicate_field');
  });

  it('takes FACECRAFT_DEFAULT_* as the default of a field the form leaves out', () => {
    const config = loadConfig({ FACECRAFT_DEFAULT_WIDTH: '600', FACECRAFT_DEFAULT_OVAL_MASK: 'off' });
    expect(processOptions(form({ height: '700' }), config)).toMatchObject({
      width: 600,
      height: 700,
      use_oval_mask: false,
    });
  });
});
