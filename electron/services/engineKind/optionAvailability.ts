/**
 * The options an engine cannot honour, each with the reason, read from what it reports (/status.models)
 * and from the form table (docker/api/processFields.ts): face enhancement needs a loaded face
 * enhancer (neither the published image, whose CodeFormer never loads, nor ours has one today); our
 * additions to the form (contract: false) reach only our engine.
 */
import { PROCESS_FIELDS } from '../../../docker/api/processFields.ts';
import type { EngineProfile } from './engineKind.ts';

type FieldName = keyof typeof PROCESS_FIELDS;

const ENHANCE_FIELDS: readonly FieldName[] = ['enhance_face', 'enhance_fidelity'];

export function unavailableOptions(profile: EngineProfile, status: unknown): Record<string, string> {
  const unavailable: Record<string, string> = {};
  const models = (status as { models?: Record<string, { loaded?: unknown }> } | null)?.models;
  if (models?.face_enhancer?.loaded !== true) {
    for (const field of ENHANCE_FIELDS)
      unavailable[field] = `Face enhancement is not available: ${profile.title} has no face enhancer loaded.`;
  }
  if (!profile.servesOwnFields) {
    for (const [field, spec] of Object.entries(PROCESS_FIELDS)) {
      if (!spec.contract) unavailable[field] = `Not available with ${profile.title}: it ignores this option.`;
    }
  }
  return unavailable;
}
