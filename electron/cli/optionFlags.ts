/**
 * The processing options as CLI flags, derived from the option tables (contract/processOptions.ts and
 * the engine's docker/api/processFields.ts): their names, their help lines, and their values checked
 * with the engine's own sentences, so a value the engine would refuse is refused before anything starts.
 */
import {
  DEFAULT_PROCESS_OPTIONS,
  type GroupOptionKey,
  optionFieldSpec,
  optionProblems,
  optionSpec,
  PROCESS_OPTION_KEYS,
  type ProcessOptionKey,
  type ProcessOptions,
} from '../../contract/processOptions.ts';
import { parseFieldText } from '../../docker/api/processFields.ts';
import { colourArg } from './cliArgs.ts';
import { UsageError } from './cliErrors.ts';

/** Options made of several fields take one flag each, read by their own parser. */
const GROUP_FLAGS: Record<
  GroupOptionKey,
  {
    arg: string;
    help: string;
    parse(text: string): unknown;
    show(value: ProcessOptions[GroupOptionKey]): string;
  }
> = {
  background: {
    arg: '#RRGGBB',
    help: 'background colour',
    parse: colourArg,
    show: ({ r, g, b }) =>
      `#${[r, g, b]
        .map((c) => c.toString(16).padStart(2, '0'))
        .join('')
        .toUpperCase()}`,
  },
};

interface OptionFlag {
  option: ProcessOptionKey;
  /** The flag without dashes, as parseArgs takes it. */
  name: string;
  type: 'string' | 'boolean';
  /** "--width N", "--no-oval". */
  usage: string;
  help: string;
}

function flagOf(option: ProcessOptionKey): OptionFlag | null {
  const spec = optionSpec(option);
  if (spec.flag === null) return null;
  const field = optionFieldSpec(option);
  if (!field) {
    const group = GROUP_FLAGS[option as GroupOptionKey];
    const shown = group.show(DEFAULT_PROCESS_OPTIONS[option as GroupOptionKey]);
    return {
      option,
      name: spec.flag,
      type: 'string',
      usage: `--${spec.flag} ${group.arg}`,
      help: `${group.help} (default ${shown})`,
    };
  }
  const description = field.description.replace(/\.$/, '');
  if (field.kind === 'bool') {
    // A flag says what changes: --no-X for what is on by default, --X for what is off.
    const name = field.default ? `no-${spec.flag}` : spec.flag;
    return {
      option,
      name,
      type: 'boolean',
      usage: `--${name}`,
      help: `${field.default ? 'off: ' : 'on: '}${description}`,
    };
  }
  const arg = field.kind === 'int' ? 'N' : 'X';
  return {
    option,
    name: spec.flag,
    type: 'string',
    usage: `--${spec.flag} ${arg}`,
    help: `${description}, ${field.min}..${field.max} (default ${field.default})`,
  };
}

export const OPTION_FLAGS: readonly OptionFlag[] = PROCESS_OPTION_KEYS.flatMap((key) => flagOf(key) ?? []);

/** The flags for parseArgs. */
export const OPTION_FLAG_CONFIG: Record<string, { type: 'string' | 'boolean' }> = Object.fromEntries(
  OPTION_FLAGS.map((flag) => [flag.name, { type: flag.type }]),
);

/** Help lines, aligned like the command's other lines. */
export function optionFlagHelp(indent = 2, column = 25): string {
  return OPTION_FLAGS.map(
    (flag) => `${' '.repeat(indent)}${flag.usage.padEnd(column - indent - 2)}  ${flag.help}`,
  ).join('\n');
}

/** The options the flags set, each checked the way the engine checks it; throws UsageError with every problem. */
export function optionsFromFlags(values: Record<string, unknown>): Partial<ProcessOptions> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const flag of OPTION_FLAGS) {
    const given = values[flag.name];
    if (given === undefined) continue;
    const field = optionFieldSpec(flag.option);
    let value: unknown;
    if (!field) value = GROUP_FLAGS[flag.option as GroupOptionKey].parse(String(given));
    else if (field.kind === 'bool') value = !field.default;
    else {
      const parsed = parseFieldText(field, `--${flag.name}`, String(given));
      if (!parsed.ok) {
        problems.push(parsed.problem);
        continue;
      }
      value = parsed.value;
    }
    const problem = optionProblems(flag.option, value);
    if (problem.length > 0) problems.push(...problem);
    else out[flag.option] = value;
  }
  if (problems.length > 0) throw new UsageError(problems.join(' '));
  return out as Partial<ProcessOptions>;
}
