/**
 * The one app window, hardened: isolated and sandboxed renderer without Node, a strict CSP,
 * no navigation away, no new windows, no permissions, no webviews.
 */
import { BrowserWindow, type Session, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY_HEADER } from './contentSecurityPolicy.ts';

export interface WindowPaths {
  preload: string;
  /** The window icon (Linux; macOS and Windows take the app bundle's). */
  icon: string;
  /** app://facecraft/index.html (the built renderer through appScheme.ts), or a dev server URL. */
  rendererUrl: string;
}

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  // app:// responses carry the CSP from appScheme.ts; this covers a dev server over http.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY_HEADER],
      },
    });
  });
}

function hardenContents(contents: WebContents, allowedUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (url !== allowedUrl) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (url !== allowedUrl) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export async function createMainWindow(paths: WindowPaths): Promise<BrowserWindow> {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Facecraft Desktop',
    icon: paths.icon,
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  hardenSession(window.webContents.session);
  window.once('ready-to-show', () => window.show());
  hardenContents(window.webContents, paths.rendererUrl);
  await window.loadURL(paths.rendererUrl);
  return window;
}
