/**
 * Smoke test of the PACKAGED app, for CI machines that can download Electron (never run here: the
 * offline development machine cannot). .github/workflows/package.yml packages first, then launches the
 * packaged executable (and on Linux the AppImage itself) with Playwright's _electron:
 *
 *   FACECRAFT_APP_EXECUTABLE=release/linux-unpacked/facecraft-desktop node --test test/electron/appSmoke.test.ts
 *
 * It checks what only a packaged app has (app.isPackaged, the asar, resources/docker, the app:// page,
 * the hardened window). With FACECRAFT_SMOKE_PHOTO set (the Linux runner, which has Docker) it goes on as a
 * user would: builds the engine from the bundled context, adds the photo, waits for the portrait, saves it.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';

const executablePath = process.env.FACECRAFT_APP_EXECUTABLE;
const photo = process.env.FACECRAFT_SMOKE_PHOTO;
if (!executablePath)
  throw new Error('Set FACECRAFT_APP_EXECUTABLE to the packaged app executable (or AppImage).');

let app: ElectronApplication;
let page: Page;
let outputDir: string;

before(async () => {
  const userData = await mkdtemp(path.join(os.tmpdir(), 'facecraft-electron-'));
  outputDir = await mkdtemp(path.join(os.tmpdir(), 'facecraft-portraits-'));
  app = await _electron.launch({
    executablePath,
    args: [
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

test('it is the packaged app: asar, bundled engine context, window icon', async () => {
  const facts = await app.evaluate(({ app: electronApp }) => {
    const fs = process.getBuiltinModule('node:fs');
    const join = process.getBuiltinModule('node:path').join;
    return {
      isPackaged: electronApp.isPackaged,
      appPath: electronApp.getAppPath(),
      dockerfile: fs.existsSync(join(process.resourcesPath, 'docker', 'Dockerfile.cpu')),
      lockfile: fs.existsSync(join(process.resourcesPath, 'docker', 'package-lock.json')),
      nodeModules: fs.existsSync(join(process.resourcesPath, 'docker', 'node_modules')),
      icon: fs.existsSync(join(process.resourcesPath, 'icon.png')),
    };
  });
  assert.equal(facts.isPackaged, true);
  assert.match(facts.appPath, /app\.asar$/);
  assert.deepEqual(
    [facts.dockerfile, facts.lockfile, facts.nodeModules, facts.icon],
    [true, true, false, true],
  );
});

test('the window loads from app:// under the CSP and opens on the engine setup screen', async () => {
  assert.equal(page.url(), 'app://facecraft/index.html');
  assert.equal(await page.title(), 'Facecraft Desktop');
  await page.getByRole('heading', { name: 'Get the engine ready' }).waitFor({ timeout: 60_000 });
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

test('the preload exposes window.facecraft and nothing of Node or IPC', async () => {
  const exposed = await page.evaluate(() => ({
    namespaces: Object.keys(window.facecraft).sort(),
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    ipcRenderer: typeof (window as unknown as { ipcRenderer?: unknown }).ipcRenderer,
  }));
  assert.ok(exposed.namespaces.includes('queue'));
  assert.equal(exposed.require, 'undefined');
  assert.equal(exposed.process, 'undefined');
  assert.equal(exposed.ipcRenderer, 'undefined');
  assert.equal((await page.evaluate(() => window.facecraft.app.info())).electron, true);
});

test('the installed menu has About and Open logs folder, and no DevTools', async () => {
  const labels = await app.evaluate(({ Menu }) => {
    const walk = (items: Electron.MenuItem[]): string[] =>
      items.flatMap((item) => [
        item.label || item.role || '',
        ...(item.submenu ? walk(item.submenu.items) : []),
      ]);
    return walk(Menu.getApplicationMenu()?.items ?? []);
  });
  assert.ok(labels.includes('About Facecraft Desktop'));
  assert.ok(labels.includes('Open logs folder'));
  assert.ok(!labels.map((l) => l.toLowerCase()).includes('toggledevtools'));
});

test(
  'with Docker: build the engine from the bundled context, add a photo, get and save its portrait',
  { skip: !photo && 'FACECRAFT_SMOKE_PHOTO not set (only the Linux runner has Docker)', timeout: 1_500_000 },
  async () => {
    // Native dialogs cannot be clicked by Playwright: answer them from the main process instead.
    await app.evaluate(
      ({ dialog }, answers) => {
        dialog.showOpenDialog = (async (...args: unknown[]) => {
          const options = (args.length > 1 ? args[1] : args[0]) as Electron.OpenDialogOptions;
          const folder = options.properties?.includes('openDirectory');
          return { canceled: false, filePaths: [folder ? answers.outputDir : answers.photo] };
        }) as typeof dialog.showOpenDialog;
      },
      { photo: photo as string, outputDir },
    );
    await page.getByRole('radio', { name: /Build it on this computer/ }).check();
    await page.getByRole('button', { name: 'Get the engine ready' }).click();
    await page.getByText('Drop photos or folders here').waitFor({ timeout: 1_200_000 });
    await page.getByTestId('dropzone').getByRole('button').first().click();
    await page
      .getByRole('button', { name: 'Save all' })
      .and(page.locator(':enabled'))
      .waitFor({ timeout: 300_000 });
    await page.getByRole('button', { name: /Choose folder…|Change…/ }).click();
    await page.getByRole('button', { name: 'Save all' }).click();
    await page.getByText(/^Saved \d+ photos? to /).waitFor({ timeout: 60_000 });
    const saved = await readdir(outputDir);
    assert.ok(
      saved.some((name) => /\.(png|jpe?g)$/i.test(name)),
      `no portrait in ${outputDir}: ${saved.join(', ')}`,
    );
  },
);
