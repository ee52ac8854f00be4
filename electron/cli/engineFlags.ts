/**
 * `--engine URL [--key KEY]…`, shared by `process` and `doctor`: engines someone else runs, each with
 * its key (one per --engine, in order; a single --key serves them all; default the
 * FACECRAFT_ENGINE_KEY environment variable, which keeps the key out of the shell history).
 * Without --engine, the engines saved by the app (urlEngines.json) are used.
 */
import type { UrlEngineSetting } from '../../contract/engines.ts';
import { checkUrlEngineSetting } from '../services/settings/validateUrlEngines.ts';
import { UsageError } from './cliErrors.ts';

export const ENGINE_KEY_ENV = 'FACECRAFT_ENGINE_KEY';

export const ENGINE_FLAG_CONFIG = {
  engine: { type: 'string', multiple: true },
  key: { type: 'string', multiple: true },
} as const;

export const ENGINE_FLAG_HELP = `  --engine URL           an engine someone else runs (repeatable): HTTPS, or plain HTTP to
                         a private address; without it, the engines added in the app
  --key KEY              its API key (one per --engine, in order; one --key serves them all);
                         default: the ${ENGINE_KEY_ENV} environment variable`;

export interface EngineFlags {
  engine?: string[];
  key?: string[];
}

/** The engines as typed, each with its key: the address is not checked here (doctor reports each in words). */
export function enginesAsTyped(
  flags: EngineFlags,
  env: NodeJS.ProcessEnv = process.env,
): { url: string; apiKey: string | null }[] {
  const keys = flags.key ?? [];
  const fallback = keys[0] ?? env[ENGINE_KEY_ENV] ?? null;
  return (flags.engine ?? []).map((url, index) => ({ url, apiKey: keys[index] ?? fallback }));
}

/** The --engine engines as settings; a malformed one stops the command before anything starts. */
export function engineSettingsFromFlags(flags: EngineFlags, env?: NodeJS.ProcessEnv): UrlEngineSetting[] {
  return enginesAsTyped(flags, env).map((typed) => {
    try {
      return checkUrlEngineSetting({ ...typed, concurrency: null });
    } catch (error) {
      throw new UsageError(`--engine ${typed.url}: ${(error as Error).message}`);
    }
  });
}
