/**
 * Which kind of engine an image holds, decided from the image itself, never from its name: our
 * images carry io.facecraft.* labels (docker/Dockerfile.*, docker-bake.hcl). An image without them is
 * the published one, or unknown (treated the same); once it runs, what it answers can still show it
 * is ours (an unlabelled local build of docker/): /openapi.json's title and /status's model types.
 */
import { EngineClient } from '../engineClient/engineClient.ts';
import type { EngineKind } from './engineKind.ts';

export const OWN_LABEL_PREFIX = 'io.facecraft.';
/** The title our engine's OpenAPI document carries (docker/src/app.ts); the published one says "Facecraft API". */
export const OWN_OPENAPI_TITLE = 'Facecraft engine';

export function kindFromLabels(labels: Record<string, string> | null | undefined): EngineKind | null {
  if (!labels) return null;
  return Object.keys(labels).some((name) => name.startsWith(OWN_LABEL_PREFIX)) ? 'facecraft-desktop' : null;
}

export interface EngineAnswers {
  /** GET /openapi.json, parsed; null when it did not answer JSON. */
  openapi: unknown;
  /** GET /status, parsed; null when it did not answer JSON. */
  status: unknown;
}

/** From a running engine's answers: ours only on positive evidence, else the published kind. */
export function kindFromAnswers(answers: EngineAnswers): EngineKind {
  const title = (answers.openapi as { info?: { title?: unknown } } | null)?.info?.title;
  if (title === OWN_OPENAPI_TITLE) return 'facecraft-desktop';
  const models = (answers.status as { models?: Record<string, { type?: unknown }> } | null)?.models ?? {};
  // The published image's background remover is always u2net_human_seg; ours runs IS-Net.
  const remover = models.background_remover?.type;
  if (typeof remover === 'string' && /isnet/i.test(remover)) return 'facecraft-desktop';
  return 'published';
}

/** Asks a running engine; any failure counts as "no evidence" (the published kind). */
export async function probeEngineKind(url: string, apiKey: string | null): Promise<EngineKind> {
  const client = new EngineClient({ url, apiKey }, { retries: 0, requestTimeoutMs: 10_000 });
  const [openapi, status] = await Promise.all([
    client.openapi().catch(() => null),
    client.status().catch(() => null),
  ]);
  return kindFromAnswers({ openapi, status });
}
