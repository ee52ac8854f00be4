/**
 * The app's options, as one table: each processing option the user sets, the engine's form fields it
 * becomes (their kind, range, default and sentence come from the engine's table,
 * ../docker/api/processFields.ts), plus the options only the app has (size presets, save format).
 * The app's defaults, settings validation, the form fields sent, the CLI flags and their help, and the
 * ranges of the UI's controls are all derived from these two tables.
 *
 * A new option touches three places: its row in docker/api/processFields.ts, the pipeline stage that
 * acts on it (docker/src/pipeline/), and its row here (with `control` for a drawn UI control).
 * Schema, validation, FACECRAFT_DEFAULT_*, settings, the form sent, the CLI flag and its help follow.
 */
import {
  PROCESS_FIELDS,
  type ProcessFieldName,
  type ProcessFieldSpec,
  type ProcessFields,
  type ProcessFieldValue,
  processFieldDefaults,
  processFieldProblem,
} from '../docker/api/processFields.ts';

interface OptionBase {
  /** The option as a sentence's subject ("The face margin must be …"). */
  readonly label: string;
  /** The CLI flag without dashes (a boolean becomes --no-FLAG when on by default, else --FLAG); null: none. */
  readonly flag: string | null;
  /**
   * A control the options panel draws from the table; absent for options it lays out by hand (or hides).
   * A slider for numbers, a toggle for booleans.
   */
  readonly control?: 'slider' | 'toggle';
}

/** An option that is one form field. */
export interface FieldOptionSpec extends OptionBase {
  readonly field: ProcessFieldName;
}

/** An option that is several form fields, as an object (the background colour's r, g, b). */
export interface GroupOptionSpec extends OptionBase {
  readonly fields: Readonly<Record<string, ProcessFieldName>>;
}

export type ProcessOptionSpec = FieldOptionSpec | GroupOptionSpec;

export const PROCESS_OPTIONS = {
  width: { field: 'width', label: 'The width', flag: 'width' },
  height: { field: 'height', label: 'The height', flag: 'height' },
  background: {
    fields: { r: 'background_r', g: 'background_g', b: 'background_b' },
    label: 'The background colour',
    flag: 'background',
  },
  faceMargin: { field: 'face_margin', label: 'The face margin', flag: 'margin' },
  ovalMask: { field: 'use_oval_mask', label: 'The oval mask setting', flag: 'oval' },
  enhance: { field: 'enhance_face', label: 'The enhance setting', flag: 'enhance' },
  enhanceFidelity: { field: 'enhance_fidelity', label: 'The enhance fidelity', flag: 'enhance-fidelity' },
  // Framing by a rule (set from a document by contract/documentProcessFields.ts, or by hand).
  targetHeadRatio: { field: 'target_head_ratio', label: 'The head-height target', flag: 'head-ratio' },
  targetEyeLine: { field: 'target_eye_line', label: 'The eye-line target', flag: 'eye-line' },
  dpi: { field: 'dpi', label: 'The resolution', flag: 'dpi' },
  // Our engine's natural touch-up (the published image ignores the field and always enhances).
  touchUp: { field: 'touch_up', label: 'The natural touch-up', flag: 'touch-up', control: 'toggle' },
} as const satisfies Record<string, ProcessOptionSpec>;

/** Form fields the app always sends with one value: not options a user sets. */
export const FIXED_PROCESS_FIELDS = {
  // URLs instead of base64: smaller answers, and the published image serves both.
  return_base64: false,
} as const satisfies Partial<ProcessFields>;

type OptionsTable = typeof PROCESS_OPTIONS;
export type ProcessOptionKey = keyof OptionsTable;
export type GroupOptionKey = {
  [K in ProcessOptionKey]: OptionsTable[K] extends GroupOptionSpec ? K : never;
}[ProcessOptionKey];

type OptionValue<R> = R extends { readonly field: infer F extends ProcessFieldName }
  ? ProcessFieldValue<F>
  : R extends { readonly fields: infer G extends Readonly<Record<string, ProcessFieldName>> }
    ? { -readonly [P in keyof G]: ProcessFieldValue<G[P]> }
    : never;

/** The app's processing options (what settings and queue items hold; sent as the form fields). */
export type ProcessOptions = { -readonly [K in ProcessOptionKey]: OptionValue<OptionsTable[K]> };

export const PROCESS_OPTION_KEYS = Object.keys(PROCESS_OPTIONS) as ProcessOptionKey[];

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function optionSpec(key: ProcessOptionKey): ProcessOptionSpec {
  return PROCESS_OPTIONS[key];
}

/** The engine field spec of a one-field option (for a control's range, a flag's help). */
export function optionFieldSpec(key: ProcessOptionKey): ProcessFieldSpec | null {
  const spec = optionSpec(key);
  return 'field' in spec ? PROCESS_FIELDS[spec.field] : null;
}

/** The label of the option a form field belongs to ("The natural touch-up"), for sentences about it. */
export function fieldLabel(field: string): string {
  for (const key of PROCESS_OPTION_KEYS) {
    const spec = optionSpec(key);
    const fields: string[] = 'field' in spec ? [spec.field] : Object.values(spec.fields);
    if (fields.includes(field)) return spec.label;
  }
  return field;
}

/** The range of a one-field number option: what its control and flag accept. */
export function optionRange(key: ProcessOptionKey): { min: number; max: number } {
  const spec = optionFieldSpec(key);
  if (!spec || spec.kind === 'bool') throw new TypeError(`The option ${key} is not one number.`);
  return { min: spec.min, max: spec.max };
}

/** The options as the engine's form fields, every field written out. */
export function toProcessFields(options: ProcessOptions): ProcessFields {
  const out: Record<string, unknown> = { ...FIXED_PROCESS_FIELDS };
  for (const key of PROCESS_OPTION_KEYS) {
    const spec = optionSpec(key);
    const value: unknown = options[key];
    if ('field' in spec) out[spec.field] = value;
    else
      for (const [part, field] of Object.entries(spec.fields))
        out[field] = (value as Record<string, unknown>)[part];
  }
  return out as ProcessFields;
}

/** Form fields back to options (the inverse of toProcessFields). */
export function optionsFromFields(fields: ProcessFields): ProcessOptions {
  const out: Record<string, unknown> = {};
  for (const key of PROCESS_OPTION_KEYS) {
    const spec = optionSpec(key);
    out[key] =
      'field' in spec
        ? fields[spec.field]
        : Object.fromEntries(Object.entries(spec.fields).map(([part, field]) => [part, fields[field]]));
  }
  return out as ProcessOptions;
}

/** The engine's defaults as the app's options. */
export const DEFAULT_PROCESS_OPTIONS: ProcessOptions = optionsFromFields(processFieldDefaults());

/** Problems in one option's value, as sentences (the engine's, with the option's label); empty when valid. */
export function optionProblems(key: ProcessOptionKey, value: unknown): string[] {
  const spec = optionSpec(key);
  if ('field' in spec) {
    const problem = processFieldProblem(spec.field, value, spec.label);
    return problem === null ? [] : [problem];
  }
  if (!isRecord(value)) return [`${spec.label} needs ${Object.keys(spec.fields).join(', ')}.`];
  return Object.entries(spec.fields).flatMap(([part, field]) => {
    const problem = processFieldProblem(field, value[part], `${spec.label} (${part})`);
    return problem === null ? [] : [problem];
  });
}

/** Problems in a ProcessOptions value, as sentences; empty when valid. */
export function processOptionsProblems(value: unknown): string[] {
  if (!isRecord(value)) return ['Processing options must be an object.'];
  return PROCESS_OPTION_KEYS.flatMap((key) => optionProblems(key, value[key]));
}

/** `patch` over `base`, group options part by part; unknown keys are dropped. Not validated. */
export function mergeProcessOptions(base: ProcessOptions, patch: unknown): Record<ProcessOptionKey, unknown> {
  const out: Record<string, unknown> = { ...base };
  if (!isRecord(patch)) return out as Record<ProcessOptionKey, unknown>;
  for (const key of PROCESS_OPTION_KEYS) {
    if (!(key in patch)) continue;
    const value = patch[key];
    out[key] =
      'fields' in optionSpec(key) && isRecord(value) ? { ...base[key as GroupOptionKey], ...value } : value;
  }
  return out as Record<ProcessOptionKey, unknown>;
}

/** Options from untrusted data: each option that is valid is kept, the others take `base`'s value. */
export function cleanProcessOptions(value: unknown, base: ProcessOptions): ProcessOptions {
  const merged = mergeProcessOptions(base, value);
  const out: Record<string, unknown> = structuredClone(base);
  for (const key of PROCESS_OPTION_KEYS) {
    if (optionProblems(key, merged[key]).length === 0) out[key] = structuredClone(merged[key]);
  }
  return out as ProcessOptions;
}

// ---------------------------------------------------------------------------------------------
// Options only the app has.

export interface SizePreset {
  id: string;
  label: string;
  width: number;
  height: number;
}

export const SIZE_PRESETS: readonly SizePreset[] = [
  { id: 'default', label: '648 × 648 (default)', width: 648, height: 648 },
  { id: 'us-2x2', label: '2 × 2 in at 300 dpi (600 × 600)', width: 600, height: 600 },
  { id: 'eu-35x45', label: '35 × 45 mm at 300 dpi (413 × 531)', width: 413, height: 531 },
];

/** The files "save" writes, with what the UI calls them. */
export const OUTPUT_FORMATS = {
  png: { label: 'PNG, transparent background', files: ['png'] },
  jpg: { label: 'JPG on the background colour', files: ['jpg'] },
  both: { label: 'PNG and JPG', files: ['png', 'jpg'] },
} as const satisfies Record<string, { label: string; files: readonly ('png' | 'jpg')[] }>;

/** The PNG choice where results came from an engine that fills the PNG with the colour (the published image, oval off). */
export const PNG_WITH_BACKGROUND_LABEL =
  'PNG on the background colour (this engine makes no transparent PNG without the oval)';

export type OutputFormat = keyof typeof OUTPUT_FORMATS;

export const OUTPUT_FORMAT_NAMES = Object.keys(OUTPUT_FORMATS) as OutputFormat[];

/** "png, jpg or both", for sentences. */
export const OUTPUT_FORMAT_CHOICES = `${OUTPUT_FORMAT_NAMES.slice(0, -1).join(', ')} or ${OUTPUT_FORMAT_NAMES.at(-1)}`;

export function isOutputFormat(value: unknown): value is OutputFormat {
  return typeof value === 'string' && Object.hasOwn(OUTPUT_FORMATS, value);
}
