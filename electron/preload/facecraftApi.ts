/**
 * Builds `window.facecraft` from the contract's method and event lists, over a transport the preload
 * supplies (ipcRenderer there, a fake in tests). Kept free of `electron` so it can be tested here,
 * where Electron cannot run.
 */
import {
  BRIDGE_EVENTS,
  BRIDGE_METHODS,
  type BridgeEvents,
  channelName,
  type EventName,
  eventChannelName,
  type FacecraftBridge,
} from '../../contract/bridge.ts';
import { type BridgeError, type BridgeReply, isBridgeError } from '../../contract/errors.ts';

export interface BridgeTransport {
  invoke(channel: string, args: unknown[]): Promise<unknown>;
  /** Delivers only the payload (never the IPC event object); answers an unsubscribe. */
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
  pathForFile(file: File): string;
}

/**
 * What a failed call rejects with. Errors lose every property but `message` when they cross
 * contextBridge, so the rejection is a plain object that arrives intact: `{name, code, message}`.
 */
export interface BridgeFailure extends BridgeError {
  name: 'FacecraftError';
}

export function failureFrom(error: BridgeError): BridgeFailure {
  return { name: 'FacecraftError', code: error.code, message: error.message };
}

function unwrap(reply: unknown): unknown {
  const r = reply as BridgeReply<unknown> | null;
  if (r && typeof r === 'object' && r.ok === true) return r.value;
  if (r && typeof r === 'object' && r.ok === false && isBridgeError(r.error)) throw failureFrom(r.error);
  throw failureFrom({
    code: 'internal',
    message: 'The app answered in a way this window does not understand.',
  });
}

export function buildFacecraftApi(transport: BridgeTransport): FacecraftBridge {
  const api: Record<string, unknown> = {};
  for (const [namespace, methods] of Object.entries(BRIDGE_METHODS)) {
    const group: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
    for (const method of methods) {
      const channel = channelName(namespace, method);
      group[method] = async (...args: unknown[]) => unwrap(await transport.invoke(channel, args));
    }
    api[namespace] = group;
  }
  const known = new Set<string>(BRIDGE_EVENTS);
  api.on = <E extends EventName>(event: E, listener: (payload: BridgeEvents[E]) => void): (() => void) => {
    if (!known.has(event)) throw new Error(`Unknown event: ${String(event)}`);
    if (typeof listener !== 'function') throw new Error('on() needs a listener function.');
    return transport.subscribe(eventChannelName(event), (payload) => listener(payload as BridgeEvents[E]));
  };
  api.pathForFile = (file: File): string => transport.pathForFile(file);
  return api as FacecraftBridge;
}
