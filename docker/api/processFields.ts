/**
 * The form fields of POST /api/v1/process: the one definition of each processing option.
 *
 * The engine owns its API, so the table lives in the engine package; it is pure data with no imports,
 * so the app's contract can import it without compiling the engine, and the image never installs the
 * app. Everything else derives from it: the engine's body schema (OpenAPI), its validation, its
 * FACECRAFT_DEFAULT_* environment, the app's defaults, settings validation, form fields sent, CLI
 * flags and their help, and the ranges of the UI's controls.
 *
 * `contract: true` marks the fields of the published Facecraft API (../shared/facecraft-api.md);
 * the others are our engine's additions, which the published image ignores, so their absence must
 * always give the contract's behaviour.
 */

export type ProcessFieldKind = 'int' | 'float' | 'bool';

interface FieldBase {
  /** One sentence: what the option does (OpenAPI description, CLI help, UI hint). */
  readonly description: string;
  /** Served by the published image too (the contract's field), or our engine's addition. */
  readonly contract: boolean;
  /** The engine's environment variable for its default, without the FACECRAFT_ prefix; null: none. */
  readonly env: string | null;
}

export interface NumberFieldSpec extends FieldBase {
  readonly kind: 'int' | 'float';
  readonly min: number;
  readonly max: number;
  readonly default: number;
}

export interface BoolFieldSpec extends FieldBase {
  readonly kind: 'bool';
  readonly default: boolean;
}

export type ProcessFieldSpec = NumberFieldSpec | BoolFieldSpec;

export const PROCESS_FIELDS = {
  width: {
    kind: 'int',
    min: 64,
    max: 4096,
    default: 648,
    env: 'DEFAULT_WIDTH',
    contract: true,
    description: 'Output width in pixels.',
  },
  height: {
    kind: 'int',
    min: 64,
    max: 4096,
    default: 648,
    env: 'DEFAULT_HEIGHT',
    contract: true,
    description: 'Output height in pixels.',
  },
  background_r: {
    kind: 'int',
    min: 0,
    max: 255,
    default: 240,
    env: 'DEFAULT_BACKGROUND_R',
    contract: true,
    description: 'Background colour, red channel.',
  },
  background_g: {
    kind: 'int',
    min: 0,
    max: 255,
    default: 240,
    env: 'DEFAULT_BACKGROUND_G',
    contract: true,
    description: 'Background colour, green channel.',
  },
  background_b: {
    kind: 'int',
    min: 0,
    max: 255,
    default: 240,
    env: 'DEFAULT_BACKGROUND_B',
    contract: true,
    description: 'Background colour, blue channel.',
  },
  face_margin: {
    kind: 'float',
    min: 0,
    max: 1,
    default: 0.3,
    env: 'DEFAULT_FACE_MARGIN',
    contract: true,
    description: 'Room around the head: more margin makes the head smaller in the frame.',
  },
  use_oval_mask: {
    kind: 'bool',
    default: true,
    env: 'DEFAULT_OVAL_MASK',
    contract: true,
    description: 'Transparent outside a feathered oval around the face.',
  },
  enhance_face: {
    kind: 'bool',
    default: true,
    env: null,
    contract: true,
    description: 'AI face restoration, where the engine has a face-restoration model loaded.',
  },
  enhance_fidelity: {
    kind: 'float',
    min: 0,
    max: 1,
    default: 0.7,
    env: 'DEFAULT_ENHANCE_FIDELITY',
    contract: true,
    description: 'Face restoration weight: higher keeps more of the original face.',
  },
  target_head_ratio: {
    kind: 'float',
    min: 0,
    max: 0.95,
    default: 0,
    env: null,
    contract: false,
    description:
      'Frame so the head (chin to crown, measured) fills this share of the output height; 0 frames by face_margin instead.',
  },
  target_eye_line: {
    kind: 'float',
    min: 0,
    max: 0.95,
    default: 0,
    env: null,
    contract: false,
    description:
      'With a head-height target: put the eye line this share of the output height up from the bottom; 0 places the head by its own proportions.',
  },
  dpi: {
    kind: 'int',
    min: 0,
    max: 2400,
    default: 0,
    env: null,
    contract: false,
    description:
      'Print resolution in dots per inch the photo is made for (the app writes it into the files it saves); 0: none.',
  },
  touch_up: {
    kind: 'bool',
    default: true,
    env: null,
    contract: false,
    description:
      'Natural touch-up: exposure corrected only when the photo is dark, gentle local contrast; no saturation boost.',
  },
  return_base64: {
    kind: 'bool',
    default: false,
    env: null,
    contract: true,
    description: 'Also return the PNG and JPG as base64 in the answer.',
  },
} as const satisfies Record<string, ProcessFieldSpec>;

export type ProcessFieldName = keyof typeof PROCESS_FIELDS;

/** The value a field's kind takes. */
export type ProcessFieldValue<K extends ProcessFieldName> = (typeof PROCESS_FIELDS)[K]['kind'] extends 'bool'
  ? boolean
  : number;

/** Every form field with its value: what the app sends, what the engine reads. */
export type ProcessFields = { -readonly [K in ProcessFieldName]: ProcessFieldValue<K> };

export const PROCESS_FIELD_NAMES = Object.keys(PROCESS_FIELDS) as ProcessFieldName[];

/** The table's defaults as form values. */
export function processFieldDefaults(): ProcessFields {
  const out: Partial<Record<ProcessFieldName, number | boolean>> = {};
  for (const name of PROCESS_FIELD_NAMES) out[name] = PROCESS_FIELDS[name].default;
  return out as ProcessFields;
}

/** The words a boolean field accepts as text (form fields, environment, CLI), lower case. */
const TRUE_WORDS = ['true', '1', 'yes', 'on'];
const FALSE_WORDS = ['false', '0', 'no', 'off'];

export function parseBooleanText(text: string): boolean | undefined {
  const lower = text.trim().toLowerCase();
  if (TRUE_WORDS.includes(lower)) return true;
  if (FALSE_WORDS.includes(lower)) return false;
  return undefined;
}

/**
 * The sentence a value that `spec` refuses gets, on both sides (engine 400, CLI, settings); null when
 * accepted. `subject` names the value to the reader ("'width'", "The form field 'width'", "--width");
 * `shown` is how the value was written (text keeps its spelling).
 */
export function fieldSpecProblem(
  spec: ProcessFieldSpec,
  subject: string,
  value: unknown,
  shown = String(value),
): string | null {
  if (spec.kind === 'bool') {
    return typeof value === 'boolean' ? null : `${subject} must be true or false, not '${shown}'.`;
  }
  const what = spec.kind === 'int' ? 'a whole number' : 'a number';
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    (spec.kind === 'int' && !Number.isInteger(value))
  ) {
    return `${subject} must be ${what} from ${spec.min} to ${spec.max}, not '${shown}'.`;
  }
  if (value < spec.min || value > spec.max) {
    return `${subject} must be from ${spec.min} to ${spec.max}; ${value} is out of range.`;
  }
  return null;
}

/** The sentence an out-of-range or malformed value gets, on both sides (engine 400, CLI, settings). */
export function processFieldProblem(
  name: ProcessFieldName,
  value: unknown,
  subject = `'${name}'`,
): string | null {
  return fieldSpecProblem(PROCESS_FIELDS[name], subject, value);
}

export type ParsedField = { ok: true; value: number | boolean } | { ok: false; problem: string };

/** A value written as text (a form field, a CLI flag), read the way the engine reads it. */
export function parseFieldText(spec: ProcessFieldSpec, subject: string, text: string): ParsedField {
  const trimmed = text.trim();
  // Number('') is 0: empty text is malformed, not zero.
  const value =
    spec.kind === 'bool' ? parseBooleanText(trimmed) : trimmed === '' ? Number.NaN : Number(trimmed);
  const problem = fieldSpecProblem(spec, subject, value, text);
  return problem === null ? { ok: true, value: value as number | boolean } : { ok: false, problem };
}
