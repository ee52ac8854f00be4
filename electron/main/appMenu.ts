/**
 * The app's own menu instead of Electron's default (which offers Toggle DevTools, links to electronjs.org,
 * and no About on Windows or Linux): About, Open logs folder, Quit; the edit roles so copy/paste shortcuts
 * work on macOS; reload and DevTools only in development.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface AppMenuOptions {
  productName: string;
  platform: NodeJS.Platform;
  /** Not packaged (or FACECRAFT_DEVTOOLS set): adds View › Reload and Toggle Developer Tools. */
  development: boolean;
  showAbout(): void;
  openLogsFolder(): void;
}

export function appMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const about: MenuItemConstructorOptions = {
    label: `About ${options.productName}`,
    click: options.showAbout,
  };
  const logs: MenuItemConstructorOptions = { label: 'Open logs folder', click: options.openLogsFolder };
  const mac = options.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: options.productName,
      submenu: [
        about,
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit', label: `Quit ${options.productName}` },
      ],
    });
  } else {
    template.push({ label: '&File', submenu: [{ role: 'quit', label: 'Quit' }] });
  }
  template.push({
    label: mac ? 'Edit' : '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  });
  if (options.development) {
    template.push({
      label: mac ? 'View' : '&View',
      submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }],
    });
  }
  template.push({ role: 'windowMenu' });
  template.push({
    role: 'help',
    submenu: mac ? [logs] : [logs, { type: 'separator' }, about],
  });
  return template;
}
