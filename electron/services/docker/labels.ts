/** Labels on everything the app creates, so it only ever touches its own containers. */
import type { Device } from '../../../contract/domain.ts';

export const APP_LABEL = 'app';
export const APP_LABEL_VALUE = 'facecraft-desktop';
export const VARIANT_LABEL = 'facecraft.variant';
export const SESSION_LABEL = 'facecraft.session';
/** 'engine' for the engine, 'gpu-probe' for the short GPU probe. */
export const ROLE_LABEL = 'facecraft.role';
/**
 * Which installation the engine belongs to. Orphans are only looked for within the same instance, so
 * tests sharing a daemon (each with its own instance) never adopt or remove each other's engines.
 */
export const INSTANCE_LABEL = 'facecraft.instance';
/** The app and the CLI on a user's machine share this instance (they adopt each other's engine). */
export const DEFAULT_INSTANCE = 'default';

export function engineLabels(
  device: Device,
  sessionId: string,
  instance: string = DEFAULT_INSTANCE,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    [APP_LABEL]: APP_LABEL_VALUE,
    [VARIANT_LABEL]: device,
    [SESSION_LABEL]: sessionId,
    [INSTANCE_LABEL]: instance,
    [ROLE_LABEL]: 'engine',
    ...extra,
  };
}

/** Containers made before the instance label existed count as the default instance. */
export function instanceOf(labels: Record<string, string>): string {
  return labels[INSTANCE_LABEL] ?? DEFAULT_INSTANCE;
}
