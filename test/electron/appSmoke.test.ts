/**
 * Electron end-to-end smoke test, for CI machines that can download Electron (never run here: the
 * offline development machine cannot). Launches the built app (`npm run build` first) with Playwright's
 * _electron and checks what a user sees on first start, plus the window's hardening.
 *
 *   npm run build && node --test test/electron/appSmoke.test.ts        (Linux: under xvfb-run -a)
 */
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
let app: ElectronApplication;
let page: Page;

before(async () => {
  const userData = await mkdtemp(path.join(os.tmpdir(), 'facecraft-electron-'));
  app = await _electron.launch({
    args: [
      ROOT,
      `--user-data-dir=${userData}`,
      // CI runners (Ubuntu 24.04 AppArmor) forbid the unprivileged namespaces Chromium's sandbox needs.
      ...(process.platform === 'linux' ? ['--no-sandbox'] : []),
    ],
    env: { ...process.env, FACECRAFT_E2E: '1' },
    timeout: 120_000,
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

after(async () => {
  await app?.close();
});

test('the window opens on the engine setup screen, titled Facecraft Desktop', async () => {
  assert.equal(await page.title(), 'Facecraft Desktop');
  await page.getByRole('heading', { name: 'Get the engine ready' }).waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: /Get the engine ready/ }).waitFor();
});

test('the preload exposes window.facecraft and nothing of Node or IPC', async () => {
  const exposed = await page.evaluate(() => ({
    namespaces: Object.keys(window.facecraft).sort(),
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    ipcRenderer: typeof (window as unknown as { ipcRenderer?: unknown }).ipcRenderer,
  }));
  assert.deepEqual(exposed.namespaces, [
    'app',
    'dialogs',
    'docker',
    'engine',
    'gpu',
    'images',
    'on',
    'pathForFile',
    'queue',
    'results',
    'settings',
  ]);
  assert.equal(exposed.require, 'undefined');
  assert.equal(exposed.process, 'undefined');
  assert.equal(exposed.ipcRenderer, 'undefined');
  const info = await page.evaluate(() => window.facecraft.app.info());
  assert.equal(info.electron, true);
});

test('Docker state reaches the window through IPC with its sentence', async () => {
  const state = await page.evaluate(() => window.facecraft.docker.state(true));
  assert.ok(state.message.length > 0);
  const message = page.getByTestId('docker-message');
  await message.waitFor();
  assert.equal(await message.textContent(), state.message);
});

test('the strict CSP forbids eval in the page', async () => {
  const blocked = await page.evaluate(() => {
    try {
      // biome-ignore lint/security/noGlobalEval: proving that the CSP blocks it
      eval('1');
      return false;
    } catch {
      return true;
    }
  });
  assert.equal(blocked, true);
});
