/**
 * Electron's main process: deliberately thin. Everything real lives in plain Node services behind
 * createBridge; this file only wires them to one hardened window and quits cleanly.
 */
import path from 'node:path';
import { app, type BrowserWindow, ipcMain } from 'electron';
import { type Bridge, createBridge } from '../bridge/createBridge.ts';
import { createElectronShell } from './electronShell.ts';
import { forwardBridgeEvents, type IpcInvokeEvent, registerBridgeIpc } from './ipc.ts';
import { createMainWindow } from './window.ts';

/** Built layout: out/main/main.js, out/preload/preload.cjs, out/renderer/index.html. */
const OUT_DIR = path.resolve(import.meta.dirname, '..');
const QUIT_TIMEOUT_MS = 15_000;

let window: BrowserWindow | null = null;
let bridge: Bridge | null = null;
let quitting = false;

function engineContextDir(): string {
  return app.isPackaged ? path.join(process.resourcesPath, 'docker') : path.join(app.getAppPath(), 'docker');
}

function isTrustedSender(event: IpcInvokeEvent): boolean {
  const url = event.senderFrame?.url;
  if (!url || !window || window.isDestroyed()) return false;
  // Only the app's own page, in its own top frame (never an iframe or a page navigated to).
  return (
    event.sender === window.webContents &&
    event.senderFrame?.parent === null &&
    url === window.webContents.getURL()
  );
}

async function openWindow(): Promise<void> {
  window = await createMainWindow({
    preload: path.join(OUT_DIR, 'preload', 'preload.cjs'),
    rendererIndex: path.join(OUT_DIR, 'renderer', 'index.html'),
    rendererUrl: app.isPackaged ? undefined : process.env.FACECRAFT_RENDERER_URL,
  });
  window.on('closed', () => {
    window = null;
  });
}

async function start(): Promise<void> {
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  await app.whenReady();
  bridge = await createBridge({
    dataDir: app.getPath('userData'),
    shell: createElectronShell(() => window),
    engineContextDir: engineContextDir(),
    appVersion: app.getVersion(),
    electron: true,
  });
  registerBridgeIpc(ipcMain, bridge.handlers, isTrustedSender);
  forwardBridgeEvents(bridge, () => window?.webContents ?? null);
  await openWindow();

  app.on('activate', () => {
    if (!window && bridge) void openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => {
    if (quitting || !bridge) return;
    // Stop the engine first (unless keepRunning); the bridge gives up after its own timeout.
    event.preventDefault();
    quitting = true;
    const done = bridge.dispose();
    const timeout = new Promise((resolve) => setTimeout(resolve, QUIT_TIMEOUT_MS));
    void Promise.race([done, timeout]).finally(() => app.quit());
  });
}

start().catch((error: unknown) => {
  console.error('Facecraft could not start:', error);
  app.exit(1);
});
