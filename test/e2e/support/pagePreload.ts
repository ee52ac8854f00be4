/**
 * Runs inside the page before the app (bundled into an init script by pageBridgeScript.ts): builds
 * `window.facecraft` with the very function the Electron preload uses, over Playwright instead of IPC.
 * Calls go through the `__facecraftInvoke` binding; events arrive through `__facecraftEmit`.
 */
import { buildFacecraftApi } from '../../../electron/preload/facecraftApi.ts';

interface HarnessWindow {
  __facecraftInvoke(channel: string, args: unknown[]): Promise<unknown>;
  __facecraftEmit(channel: string, payload: unknown): void;
  /** File name → absolute path, registered by the test (Electron's webUtils.getPathForFile stand-in). */
  __facecraftPaths: Record<string, string>;
}

const harness = window as unknown as Window & HarnessWindow;
const listeners = new Map<string, Set<(payload: unknown) => void>>();

harness.__facecraftPaths = {};
harness.__facecraftEmit = (channel, payload) => {
  for (const listener of listeners.get(channel) ?? []) listener(payload);
};

const api = buildFacecraftApi({
  invoke: (channel, args) => harness.__facecraftInvoke(channel, args),
  subscribe(channel, listener) {
    let set = listeners.get(channel);
    if (!set) {
      set = new Set();
      listeners.set(channel, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
  pathForFile: (file) => harness.__facecraftPaths[file.name] ?? '',
});

Object.defineProperty(window, 'facecraft', {
  value: Object.freeze(api),
  writable: false,
  configurable: false,
});
