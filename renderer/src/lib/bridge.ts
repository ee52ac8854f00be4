import type { FacecraftBridge } from '../../../contract/bridge.ts';

/**
 * The one place the app reaches `window.facecraft`. Electron's preload (or the browser test harness)
 * installs it before the page scripts run; tests install an in-memory double.
 */
export function getBridge(): FacecraftBridge {
  const bridge = (window as Window & { facecraft?: FacecraftBridge }).facecraft;
  if (!bridge) throw new Error('window.facecraft is missing: the app must run inside Facecraft Desktop.');
  return bridge;
}
