/**
 * Wires every contract method to ipcMain.handle and every bridge event to the window, iterating the
 * contract's lists (channel names are derived, never written out). Replies are BridgeReply values,
 * because thrown errors lose their code crossing IPC. Typed structurally so tests can drive it without Electron.
 */
import { BRIDGE_METHODS, type BridgeHandlers, channelName, eventChannelName } from '../../contract/bridge.ts';
import { type BridgeReply, toBridgeError } from '../../contract/errors.ts';
import type { Bridge } from '../bridge/createBridge.ts';

export interface IpcInvokeEvent {
  sender?: unknown;
  senderFrame: { url: string; parent?: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface EventTarget {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

type AnyHandler = (...args: unknown[]) => unknown;

export function lookupHandler(handlers: BridgeHandlers, namespace: string, method: string): AnyHandler {
  const group = (handlers as unknown as Record<string, Record<string, AnyHandler>>)[namespace];
  const handler = group?.[method];
  if (typeof handler !== 'function') throw new Error(`No handler for ${channelName(namespace, method)}`);
  return handler;
}

/** Registers every channel; answers a function that removes them again. */
export function registerBridgeIpc(
  ipcMain: IpcMainLike,
  handlers: BridgeHandlers,
  isTrustedSender: (event: IpcInvokeEvent) => boolean,
): () => void {
  const channels: string[] = [];
  for (const [namespace, methods] of Object.entries(BRIDGE_METHODS)) {
    for (const method of methods) {
      const channel = channelName(namespace, method);
      const handler = lookupHandler(handlers, namespace, method);
      ipcMain.handle(channel, async (event, ...args): Promise<BridgeReply<unknown>> => {
        if (!isTrustedSender(event))
          return {
            ok: false,
            error: { code: 'internal', message: 'Refused a request from an unknown page.' },
          };
        try {
          return { ok: true, value: await handler(...args) };
        } catch (error) {
          return { ok: false, error: toBridgeError(error) };
        }
      });
      channels.push(channel);
    }
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

/** Forwards every bridge event to the window while it exists. */
export function forwardBridgeEvents(bridge: Bridge, target: () => EventTarget | null): () => void {
  return bridge.subscribe((event, payload) => {
    const t = target();
    if (t && !t.isDestroyed()) t.send(eventChannelName(event), payload);
  });
}
