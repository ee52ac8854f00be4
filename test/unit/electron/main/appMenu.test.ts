import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { appMenuTemplate } from '../../../../electron/main/appMenu.ts';

function labelsAndRoles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    item.label ?? item.role ?? item.type ?? '',
    ...(Array.isArray(item.submenu) ? labelsAndRoles(item.submenu) : []),
  ]);
}

function menu(platform: NodeJS.Platform, development: boolean) {
  const clicked: string[] = [];
  const template = appMenuTemplate({
    productName: 'Facecraft Desktop',
    platform,
    development,
    showAbout: () => clicked.push('about'),
    openLogsFolder: () => clicked.push('logs'),
  });
  const find = (label: string): MenuItemConstructorOptions | undefined => {
    const walk = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions | undefined =>
      items.find((i) => i.label === label) ??
      items.map((i) => (Array.isArray(i.submenu) ? walk(i.submenu) : undefined)).find(Boolean);
    return walk(template);
  };
  return { entries: labelsAndRoles(template), find, clicked };
}

describe('the app menu', () => {
  for (const platform of ['linux', 'win32', 'darwin'] as const) {
    it(`offers About, Open logs folder and Quit on ${platform}, and no DevTools in the installed app`, () => {
      const { entries, find, clicked } = menu(platform, false);
      expect(entries).toContain('About Facecraft Desktop');
      expect(entries).toContain('Open logs folder');
      expect(entries.some((e) => /^Quit/.test(e))).toBe(true);
      expect(entries).not.toContain('toggleDevTools');
      expect(entries).not.toContain('reload');
      // No Electron links (the default menu's Learn More / Documentation).
      expect(entries.join(' ')).not.toMatch(/electron/i);
      (find('About Facecraft Desktop')?.click as () => void)();
      (find('Open logs folder')?.click as () => void)();
      expect(clicked).toEqual(['about', 'logs']);
    });
  }

  it('adds Reload and DevTools only in development', () => {
    expect(menu('linux', true).entries).toContain('toggleDevTools');
  });

  it('keeps the edit roles on macOS so copy and paste shortcuts work in text fields', () => {
    expect(menu('darwin', false).entries).toEqual(expect.arrayContaining(['copy', 'paste', 'selectAll']));
  });
});
