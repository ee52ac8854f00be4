/** Argument helpers on top of node:util parseArgs, with messages that say what to type instead. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { Device, ImageSource } from '../../contract/domain.ts';
import { UsageError } from './cliErrors.ts';

export function parse<const T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  positionals = false,
) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: positionals,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(
      `${(error as Error).message.replace(/\. To specify a positional.*$/, '')}. See --help.`,
    );
  }
}

export function deviceArg(value: string | undefined, fallback?: Device): Device {
  if (value === undefined && fallback) return fallback;
  if (value === 'cpu' || value === 'gpu') return value;
  throw new UsageError(`--device must be cpu or gpu${value === undefined ? '' : ` (not "${value}")`}.`);
}

export function sourceArg(value: string | undefined): ImageSource | undefined {
  if (value === undefined || value === 'auto' || value === 'pull' || value === 'build') return value;
  throw new UsageError(`--source must be auto, pull or build (not "${value}").`);
}

export function colourArg(value: string | undefined): { r: number; g: number; b: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(value.trim());
  if (!match) throw new UsageError(`--background must be a colour like #F0F0F0 (not "${value}").`);
  return {
    r: Number.parseInt(match[1]!, 16),
    g: Number.parseInt(match[2]!, 16),
    b: Number.parseInt(match[3]!, 16),
  };
}
