/**
 * Options the running engine cannot honour, with why, from what it reports in /status.models (the
 * published image never loads its face enhancer; ours bundles none). Unknown until the engine said.
 */
import type { EngineState, ProcessOptions } from '../../../contract/domain.ts';

export type UnavailableOptions = Partial<Record<keyof ProcessOptions, string>>;

export function unavailableOptions(engine: EngineState | null): UnavailableOptions {
  const enhancer = engine?.reported?.models?.face_enhancer;
  if (enhancer && !enhancer.loaded)
    return {
      enhance:
        'Unavailable: this engine has no face enhancement model loaded, so the option would do nothing.',
    };
  return {};
}
