/**
 * Electron's main process: deliberately thin. Everything real lives in plain Node services behind
 * createBridge and in Electron-free modules beside this file (paths, app:// handler, menu, quit sequence,
 * startup failure); this file only wires them to one hardened window.
 */
import { app, type BrowserWindow, dialog, ipcMain, Menu, protocol, shell } from 'electron';
import { type Bridge, createBridge } from '../bridge/createBridge.ts';
import { aboutPanel } from './aboutPanel.ts';
import { appMenuTemplate } from './appMenu.ts';
import { appPaths } from './appPaths.ts';
import { APP_INDEX_URL, APP_SCHEME, APP_SCHEME_DEFINITION, createAppSchemeHandler } from './appScheme.ts';
import { createElectronShell } from './electronShell.ts';
import { forwardBridgeEvents, type IpcInvokeEvent, registerBridgeIpc } from './ipc.ts';
import { createMainLog } from './mainLog.ts';
import { createQuitSequence } from './quitSequence.ts';
import { startupFailureDialog } from './startupFailure.ts';
import { createMainWindow } from './window.ts';

const QUIT_TIMEOUT_MS = 15_000;
const PRODUCT_NAME = 'Facecraft Desktop';

// Before `ready`: the scheme's privileges can only be registered this early.
protocol.registerSchemesAsPrivileged([APP_SCHEME_DEFINITION]);

const log = createMainLog(app.getPath('logs'));
const paths = appPaths({
  isPackaged: app.isPackaged,
  resourcesPath: process.resourcesPath,
  appPath: app.getAppPath(),
});
const development = !app.isPackaged || process.env.FACECRAFT_DEVTOOLS === '1';

let window: BrowserWindow | null = null;
let bridge: Bridge | null = null;

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
    preload: paths.preload,
    icon: paths.windowIcon,
    rendererUrl: (app.isPackaged ? undefined : process.env.FACECRAFT_RENDERER_URL) ?? APP_INDEX_URL,
  });
  window.on('closed', () => {
    window = null;
  });
}

async function showAbout(): Promise<void> {
  const panel = aboutPanel({
    productName: PRODUCT_NAME,
    version: app.getVersion(),
    electron: process.versions.electron ?? '',
    chrome: process.versions.chrome ?? '',
    node: process.versions.node,
  });
  const options = { type: 'info' as const, ...panel, defaultId: 0, cancelId: 0 };
  const { response } = window
    ? await dialog.showMessageBox(window, options)
    : await dialog.showMessageBox(options);
  if (response === 1) {
    const problem = await shell.openPath(paths.modelTerms);
    if (problem) log.write('error', `Could not open ${paths.modelTerms}: ${problem}`);
  }
}

function installMenu(): void {
  const template = appMenuTemplate({
    productName: PRODUCT_NAME,
    platform: process.platform,
    development,
    showAbout: () => void showAbout().catch((error: unknown) => log.write('error', 'About failed', error)),
    openLogsFolder: () =>
      void shell.openPath(app.getPath('logs')).then((problem) => {
        if (problem) log.write('error', `Could not open the logs folder: ${problem}`);
      }),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
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
  log.write('info', `${PRODUCT_NAME} ${app.getVersion()} starting (packaged: ${app.isPackaged})`);
  protocol.handle(APP_SCHEME, createAppSchemeHandler(paths.rendererDir));
  installMenu();
  const started = await createBridge({
    dataDir: app.getPath('userData'),
    shell: createElectronShell(() => window),
    engineContextDir: paths.engineContextDir,
    appVersion: app.getVersion(),
    electron: true,
  });
  bridge = started;
  registerBridgeIpc(ipcMain, started.handlers, isTrustedSender);
  forwardBridgeEvents(started, () => window?.webContents ?? null);
  await openWindow();

  const quitSequence = createQuitSequence(app, () => started.dispose(), log, QUIT_TIMEOUT_MS);
  app.on('activate', () => {
    if (!window && bridge) void openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => quitSequence.beforeQuit(event));
}

start().catch((error: unknown) => {
  log.write('error', 'Facecraft could not start', error);
  const failure = startupFailureDialog(error, log.file);
  // showErrorBox works before `ready` too (on Linux it prints instead), so every failure reaches the user.
  dialog.showErrorBox(failure.title, failure.content);
  app.exit(1);
});
