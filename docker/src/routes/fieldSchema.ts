/** OpenAPI properties of form fields, derived from the option table (../../api/processFields.ts). */
import { PROCESS_FIELD_NAMES, PROCESS_FIELDS, type ProcessFieldSpec } from '../../api/processFields.ts';

const TYPES = { int: 'integer', float: 'number', bool: 'boolean' } as const;

/** One field's property: its type, range and sentence, with the default in brackets as FastAPI shows it. */
export function fieldSchema(spec: ProcessFieldSpec, description = spec.description): object {
  const range = spec.kind === 'bool' ? {} : { minimum: spec.min, maximum: spec.max };
  return { type: TYPES[spec.kind], description: `${description} [${spec.default}]`, ...range };
}

/** Every field of POST /api/v1/process. */
export function processFieldSchemas(): Record<string, object> {
  return Object.fromEntries(PROCESS_FIELD_NAMES.map((name) => [name, fieldSchema(PROCESS_FIELDS[name])]));
}
