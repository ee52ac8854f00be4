import { describe, expect, it } from 'vitest';
import { aboutPanel } from '../../../../electron/main/aboutPanel.ts';

describe('About', () => {
  it('shows the version, the runtimes, the licences and the model terms', () => {
    const panel = aboutPanel({
      productName: 'Facecraft Desktop',
      version: '0.1.0',
      electron: '39.8.10',
      chrome: '142.0',
      node: '22.20.0',
    });
    expect(panel.message).toBe('Facecraft Desktop 0.1.0');
    expect(panel.detail).toContain('Electron 39.8.10');
    expect(panel.detail).toMatch(/MIT licensed/);
    expect(panel.detail).toMatch(/excludes commercial use/);
    expect(panel.detail).toMatch(/AGPL-3\.0/);
    expect(panel.buttons[1]).toBe('Model terms');
  });
});
