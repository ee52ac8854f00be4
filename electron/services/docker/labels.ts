/** Labels on everything the app creates, so it only ever touches its own containers. */
import type { Device } from '../../../contract/domain.ts';

export const APP_LABEL = 'app';
export const APP_LABEL_VALUE = 'facecraft-desktop';
export const VARIANT_LABEL = 'facecraft.variant';
export const SESSION_LABEL = 'facecraft.session';
/** 'engine' for the engine, 'gpu-probe' for the short GPU probe. */
export const ROLE_LABEL = 'facecraft.role';

export function engineLabels(
  device: Device,
  sessionId: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    [APP_LABEL]: APP_LABEL_VALUE,
    [VARIANT_LABEL]: device,
    [SESSION_LABEL]: sessionId,
    [ROLE_LABEL]: 'engine',
    ...extra,
  };
}
