/**
 * Checks URL engine settings, the one place that says what a valid one is: the address by
 * urlEngineAddress.ts (its written form; the network is asked only when the engine is tested), the
 * key as a single line, the concurrency by contract/engines.ts. A file edited by hand keeps every
 * entry that is still valid; additions from the app or the CLI are refused with a sentence.
 */
import { engineConcurrencyProblem, type UrlEngineSetting } from '../../../contract/engines.ts';
import { FacecraftError } from '../../../contract/errors.ts';
import { normalizedEngineUrl, parseEngineAddress } from '../engines/urlEngineAddress.ts';

const MAX_KEY_LENGTH = 512;

function keyProblem(value: unknown): string | null {
  if (value === null) return null;
  // The key travels in a header: no line breaks, nothing invisible at the ends.
  if (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= MAX_KEY_LENGTH &&
    /^[\x21-\x7e]+$/.test(value)
  )
    return null;
  return 'An API key is one line of printable characters without spaces (or none at all).';
}

/** A URL engine setting as typed or sent: normalised, or invalid-argument with every problem named. */
export function checkUrlEngineSetting(value: unknown): UrlEngineSetting {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new FacecraftError('invalid-argument', 'An engine is an address with its API key.');
  const fields = value as Record<string, unknown>;
  const problems: string[] = [];
  let url = '';
  if (typeof fields.url !== 'string') problems.push('An engine needs its address.');
  else {
    try {
      url = normalizedEngineUrl(parseEngineAddress(fields.url));
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  const apiKey = fields.apiKey === undefined || fields.apiKey === '' ? null : fields.apiKey;
  const concurrency = fields.concurrency ?? null;
  for (const problem of [keyProblem(apiKey), engineConcurrencyProblem(concurrency)])
    if (problem) problems.push(problem);
  if (problems.length > 0) throw new FacecraftError('invalid-argument', problems.join(' '));
  return { url, apiKey: apiKey as string | null, concurrency: concurrency as number | null };
}

/** URL engines from untrusted JSON: invalid entries are dropped, a repeated address keeps its last entry. */
export function normalizeUrlEngines(value: unknown): UrlEngineSetting[] {
  if (!Array.isArray(value)) return [];
  const byUrl = new Map<string, UrlEngineSetting>();
  for (const entry of value) {
    try {
      const setting = checkUrlEngineSetting(entry);
      byUrl.delete(setting.url);
      byUrl.set(setting.url, setting);
    } catch {
      // A broken entry must not cost the user the others.
    }
  }
  return [...byUrl.values()];
}
