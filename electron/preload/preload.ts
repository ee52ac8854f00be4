/**
 * The sandboxed preload: exposes `window.facecraft` and nothing else. No ipcRenderer, no generic
 * send/on: every channel comes from the contract, listeners get only the payload.
 * Bundled into one CommonJS file (out/preload/preload.cjs), as sandboxed preloads require.
 */
import { contextBridge, type IpcRendererEvent, ipcRenderer, webUtils } from 'electron';
import { buildFacecraftApi } from './facecraftApi.ts';

const api = buildFacecraftApi({
  invoke: (channel, args) => ipcRenderer.invoke(channel, ...args),
  subscribe: (channel, listener) => {
    const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
  pathForFile: (file) => {
    try {
      return webUtils.getPathForFile(file);
    } catch {
      return '';
    }
  },
});

contextBridge.exposeInMainWorld('facecraft', api);
