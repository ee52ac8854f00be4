/**
 * The app's option table and the engine's field table agree: every engine field is an app option (or a
 * value the app always sends) and back, with the same defaults and ranges, and settings refuse exactly
 * what the engine refuses.
 */
import { describe, expect, it } from 'vitest';
import {
  PROCESS_FIELD_NAMES,
  PROCESS_FIELDS,
  type ProcessFieldName,
  processFieldDefaults,
} from '../../../contract/engineApi.ts';
import {
  cleanProcessOptions,
  DEFAULT_PROCESS_OPTIONS,
  FIXED_PROCESS_FIELDS,
  optionRange,
  optionsFromFields,
  PROCESS_OPTION_KEYS,
  PROCESS_OPTIONS,
  processOptionsProblems,
  toProcessFields,
} from '../../../contract/processOptions.ts';

/** Each engine field with the app option (and part) that carries it. */
function fieldOwners(): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  const own = (field: string, by: string) => owners.set(field, [...(owners.get(field) ?? []), by]);
  for (const key of PROCESS_OPTION_KEYS) {
    const spec = PROCESS_OPTIONS[key];
    if ('field' in spec) own(spec.field, key);
    else for (const [part, field] of Object.entries(spec.fields)) own(field, `${key}.${part}`);
  }
  for (const field of Object.keys(FIXED_PROCESS_FIELDS)) own(field, 'fixed');
  return owners;
}

describe('the app options and the engine fields agree', () => {
  it('maps every engine field to exactly one app option (or a fixed value), and every option to engine fields', () => {
    const owners = fieldOwners();
    expect([...owners.keys()].sort()).toEqual([...PROCESS_FIELD_NAMES].sort());
    for (const [field, by] of owners) expect(by, field).toHaveLength(1);
  });

  it('has the same defaults on both sides, there and back', () => {
    const engine = processFieldDefaults();
    const fixed: Record<string, unknown> = FIXED_PROCESS_FIELDS;
    expect(toProcessFields(DEFAULT_PROCESS_OPTIONS)).toEqual({ ...engine, ...fixed });
    expect(optionsFromFields(toProcessFields(DEFAULT_PROCESS_OPTIONS))).toEqual(DEFAULT_PROCESS_OPTIONS);
    // The options the app has always had keep their defaults (new ones only add to them).
    expect(DEFAULT_PROCESS_OPTIONS).toMatchObject({
      width: 648,
      height: 648,
      background: { r: 240, g: 240, b: 240 },
      faceMargin: 0.3,
      ovalMask: true,
      enhance: true,
      enhanceFidelity: 0.7,
    });
  });

  it("gives the UI's number controls the engine's ranges", () => {
    for (const key of PROCESS_OPTION_KEYS) {
      const spec = PROCESS_OPTIONS[key];
      if (!('field' in spec)) continue;
      const field = PROCESS_FIELDS[spec.field as ProcessFieldName];
      if (field.kind === 'bool') continue;
      expect(optionRange(key), key).toEqual({ min: field.min, max: field.max });
    }
  });

  it('accepts in settings exactly the values the engine accepts, at both ends of every range', () => {
    const fields = toProcessFields(DEFAULT_PROCESS_OPTIONS);
    for (const name of PROCESS_FIELD_NAMES) {
      const spec = PROCESS_FIELDS[name];
      if (spec.kind === 'bool' || name in FIXED_PROCESS_FIELDS) continue;
      const step = spec.kind === 'int' ? 1 : 0.01;
      const at = (value: number) => processOptionsProblems(optionsFromFields({ ...fields, [name]: value }));
      expect(at(spec.min), `${name} = min`).toEqual([]);
      expect(at(spec.max), `${name} = max`).toEqual([]);
      expect(at(spec.min - step), `${name} below min`).toHaveLength(1);
      expect(at(spec.max + step), `${name} above max`).toHaveLength(1);
    }
  });

  it('refuses a width of 32 in settings, as the engine does (the launcher once allowed 16)', () => {
    expect(processOptionsProblems({ ...DEFAULT_PROCESS_OPTIONS, width: 32 })).toEqual([
      'The width must be from 64 to 4096; 32 is out of range.',
    ]);
  });

  it('keeps every valid option of hand-edited data and defaults the rest, a colour channel included', () => {
    const cleaned = cleanProcessOptions(
      { width: 413, height: -5, background: { r: 63, g: 300 }, ovalMask: 'yes', extra: 1 },
      DEFAULT_PROCESS_OPTIONS,
    );
    expect(cleaned).toEqual({ ...DEFAULT_PROCESS_OPTIONS, width: 413 });
    expect(
      cleanProcessOptions({ background: { r: 63 }, enhanceFidelity: 0.5 }, DEFAULT_PROCESS_OPTIONS),
    ).toEqual({ ...DEFAULT_PROCESS_OPTIONS, background: { r: 63, g: 240, b: 240 }, enhanceFidelity: 0.5 });
  });
});
