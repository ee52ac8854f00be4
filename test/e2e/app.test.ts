/**
 * The app end to end, in Debian's Chromium, on the real services: createBridge's handlers, a real
 * Docker daemon (an isolated one, so that stopping it disturbs nobody), the real engine image and the
 * real fixture photos. Every step checks what a user would notice: text, files on disk, pixels.
 */
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueItem } from '../../contract/domain.ts';
import { ENGINE_CONTEXT_DIR, ensureEngineImage } from '../support/engineImage.ts';
import { FIXTURES_DIR as FIXTURES } from '../support/fixtures.ts';
import { type IsolatedDaemon, startIsolatedDaemon } from '../support/isolatedDaemon.ts';
import { seriousAxeViolations } from './support/axeCheck.ts';
import { dropFiles } from './support/dropFiles.ts';
import { launchApp, type RunningApp } from './support/launchApp.ts';

const SCREENSHOTS = path.resolve(import.meta.dirname, '..', '..', 'test-output', 'screenshots');
const NO_FACE = 'no-face-landscape-palm-beach.jpg';
const ROTATED = 'exif-orientation-6-smiling-woman.jpg';
const PASSPORT_BLUE = { r: 0x3f, g: 0x6f, b: 0xb5 };

let daemon: IsolatedDaemon;
let app: RunningApp;
let page: Page;
let fixtureFiles: string[];
let photoCount: number;

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

async function items(): Promise<QueueItem[]> {
  return (await app.handlers.queue.snapshot()).items;
}

/** The colour of one pixel of an image file, decoded by the browser. */
async function pixelAt(file: string, x: number, y: number): Promise<{ r: number; g: number; b: number }> {
  const base64 = (await readFile(file)).toString('base64');
  return page.evaluate(
    async ({ base64, x, y }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes]));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d')!;
      context.drawImage(bitmap, 0, 0);
      const [r, g, b] = context.getImageData(x, y, 1, 1).data;
      return { r: r ?? -1, g: g ?? -1, b: b ?? -1 };
    },
    { base64, x, y },
  );
}

const near = (
  a: { r: number; g: number; b: number },
  b: { r: number; g: number; b: number },
  tolerance: number,
) => Math.abs(a.r - b.r) <= tolerance && Math.abs(a.g - b.g) <= tolerance && Math.abs(a.b - b.b) <= tolerance;

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  fixtureFiles = (await readdir(FIXTURES)).sort().map((name) => path.join(FIXTURES, name));
  photoCount = fixtureFiles.filter((f) => /\.(jpe?g|png|webp|bmp)$/i.test(f)).length;
  // The engine image is built once on the shared daemon (layer cache), then copied to our own daemon.
  const image = await ensureEngineImage();
  daemon = await startIsolatedDaemon();
  await daemon.loadImage(image);
  app = await launchApp({
    engineContextDir: ENGINE_CONTEXT_DIR,
    env: { ...process.env, DOCKER_HOST: daemon.dockerHost },
    photos: fixtureFiles,
  });
  page = app.page;
  page.setDefaultTimeout(60_000);
});

afterAll(async () => {
  await app?.close();
  await daemon?.stop();
});

describe('Facecraft Desktop in Chromium on the real services', () => {
  it('opens on the engine setup screen with Docker ready, and explains why GPU is unusable here', async () => {
    await page.getByRole('heading', { name: 'Get the engine ready' }).waitFor();
    await page.getByRole('heading', { name: 'Docker is ready' }).waitFor();
    const gpu = page.getByRole('radio', { name: /GPU \(NVIDIA\)/ });
    await expect
      .poll(() => page.getByTestId('gpu-reason').textContent(), { timeout: 120_000 })
      .not.toMatch(/Checking/);
    expect(await gpu.isDisabled()).toBe(true);
    const capability = await app.handlers.gpu.capability();
    expect(capability.usable).toBe(false);
    expect(await page.getByTestId('gpu-reason').textContent()).toBe(capability.reason);
    await screenshot('1-first-screen');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('gets the engine ready from the first screen', async () => {
    await page.getByRole('radio', { name: /Build it on this computer/ }).check();
    await page.getByRole('button', { name: 'Get the engine ready' }).click();
    await page.getByText('Drop photos or folders here').waitFor({ timeout: 540_000 });
    await expect.poll(() => page.getByTestId('engine-status').textContent()).toBe('Engine: Ready');
    expect(await page.getByTestId('engine-device').textContent()).toBe('Running on CPU');
    expect((await app.handlers.settings.get()).imageSource).toBe('build');
  });

  it('takes a drop of the fixture photos, lists what it skipped, and shows the queue moving', async () => {
    // An option chosen before the drop applies to the dropped photos, and is remembered. (Enhancement off
    // also keeps this run short on a two-core machine.)
    await page.getByRole('checkbox', { name: /Enhance the face/ }).uncheck();
    await expect.poll(async () => (await app.handlers.settings.get()).options.enhance).toBe(false);
    await dropFiles(page, '[data-testid="dropzone"]', fixtureFiles);
    await page.getByText('1 item was skipped').waitFor();
    await page.getByText('SOURCES.md', { exact: true }).waitFor();
    await expect
      .poll(() => page.getByTestId('queue-progress').textContent())
      .toMatch(new RegExp(`^\\d+/${photoCount} — `));
    // Thumbnails come from the worker as blob: URLs; wait for the visible ones and the first result.
    await page.locator('[data-testid="queue-row"] img[src^="blob:"]').first().waitFor();
    // (Rows kept just outside the view load theirs only when scrolled to: count the visible ones.)
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="queue-row"] img[src^="blob:"]').length >= 5,
    );
    await expect
      .poll(() => page.getByTestId('queue-progress').textContent(), { timeout: 300_000 })
      .toMatch(/^[1-9]\d*\//);
    await screenshot('2-queue-in-progress');
    for (const item of await items()) expect(item.options.enhance).toBe(false);
  }, 900_000);

  it('finishes every photo: done, or failed with the reason (no face)', async () => {
    await expect
      .poll(() => page.getByTestId('queue-progress').textContent(), { timeout: 1_700_000, interval: 2000 })
      .toMatch(new RegExp(`^${photoCount}/${photoCount}`));
    const all = await items();
    expect(all).toHaveLength(photoCount);
    for (const item of all) expect(['done', 'failed']).toContain(item.state);
    const noFace = all.find((i) => i.name === NO_FACE)!;
    expect(noFace.state).toBe('failed');
    expect(noFace.error?.code).toBe('no-face');
    expect(all.filter((i) => i.state === 'done').length).toBeGreaterThanOrEqual(photoCount - 3);

    await page.getByRole('tab', { name: /Results/ }).click();
    const failedCard = page.locator('[data-testid="result-card"]', { hasText: NO_FACE });
    await failedCard.getByText(noFace.error!.message).waitFor();
    await page.locator('[data-testid="result-card"] img[src^="blob:"]').first().waitFor();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="result-card"] img[src^="blob:"]').length >= 4,
    );
    await screenshot('3-results-grid');
    expect(await seriousAxeViolations(page)).toEqual([]);
  }, 1_800_000);

  it('opens the compare view: both pictures upright, the face box, time and device; the slider moves by keyboard', async () => {
    await page.getByRole('button', { name: `Open ${ROTATED}` }).click();
    const dialog = page.getByRole('dialog', { name: ROTATED });
    const slider = dialog.getByRole('slider', { name: 'Before and after divider' });
    await slider.waitFor();
    const original = dialog.getByRole('img', { name: `Original of ${ROTATED}` });
    await expect
      .poll(() => original.evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBeGreaterThan(0);
    // EXIF orientation 6: stored sideways as 533×800, shown upright at 800×533, like the upright result.
    const size = await original.evaluate((img: HTMLImageElement) => ({
      w: img.naturalWidth,
      h: img.naturalHeight,
    }));
    expect(size).toEqual({ w: 800, h: 533 });
    await dialog.getByTestId('face-box').waitFor();
    expect(await dialog.getByTestId('detail-device').textContent()).toBe('CPU');
    expect(await dialog.getByTestId('detail-time').textContent()).toMatch(/^\d+(\.\d)? (ms|s)$/);

    await slider.focus();
    await page.keyboard.press('PageDown');
    await page.keyboard.press('ArrowLeft');
    expect(await slider.getAttribute('aria-valuenow')).toBe('38');
    await screenshot('4-compare-view');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('re-runs one photo with a new background colour: the JPG background pixels change', async () => {
    const before = (await items()).find((i) => i.name === ROTATED)!;
    const beforePixel = await pixelAt(before.result!.jpgPath, 2, 2);
    expect(near(beforePixel, before.options.background, 12)).toBe(true);

    const dialog = page.getByRole('dialog', { name: ROTATED });
    await dialog.getByRole('button', { name: 'Passport blue' }).click();
    await dialog.getByRole('button', { name: 'Run again with this background' }).click();
    await expect
      .poll(
        async () => {
          const item = (await items()).find((i) => i.id === before.id)!;
          return item.state === 'done' && item.finishedAt !== before.finishedAt;
        },
        { timeout: 300_000, interval: 1000 },
      )
      .toBe(true);
    const after = (await items()).find((i) => i.id === before.id)!;
    expect(after.options.background).toEqual(PASSPORT_BLUE);
    const afterPixel = await pixelAt(after.result!.jpgPath, 2, 2);
    expect(near(afterPixel, PASSPORT_BLUE, 12)).toBe(true);
    await dialog.getByRole('slider').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('saves all results to the chosen folder (asked once, remembered) as PNG and JPG, and opens it', async () => {
    await page.getByRole('combobox', { name: 'Save as' }).selectOption({ label: 'PNG and JPG' });
    await expect.poll(async () => (await app.handlers.settings.get()).outputFormat).toBe('both');
    await page.getByRole('button', { name: 'Save all' }).click();
    await page.getByText(/^Saved \d+ photos to /).waitFor();
    expect(app.shell.directoryRequests).toBe(1);
    expect(await page.getByTestId('output-dir').textContent()).toBe(app.outputDir);
    expect((await app.handlers.settings.get()).outputDir).toBe(app.outputDir);

    const done = (await items()).filter((i) => i.state === 'done');
    const files = (await readdir(app.outputDir)).sort();
    expect(files.filter((f) => f.endsWith('.png'))).toHaveLength(done.length);
    expect(files.filter((f) => f.endsWith('.jpg'))).toHaveLength(done.length);
    for (const file of files) {
      const { size } = await stat(path.join(app.outputDir, file));
      expect(size, file).toBeGreaterThan(2_000);
      // The contract keeps JPGs at or under 99 KB.
      if (file.endsWith('.jpg')) expect(size, file).toBeLessThanOrEqual(99 * 1024);
    }
    expect(files.some((f) => f.startsWith(path.parse(NO_FACE).name))).toBe(false);

    await page.getByRole('button', { name: 'Open folder' }).click();
    await expect.poll(() => app.shell.opened).toEqual([app.outputDir]);
  });

  it('drags a result out of the window as its file', async () => {
    const card = page.getByRole('button', { name: `Open ${ROTATED}` });
    await card.dispatchEvent('dragstart');
    await expect.poll(() => app.shell.dragged.length).toBe(1);
    expect((await stat(app.shell.dragged[0]!)).size).toBeGreaterThan(2_000);
  });

  it('the header GPU switch says why GPU cannot be used, and keeps CPU', async () => {
    await page.getByRole('button', { name: 'GPU', exact: true }).click();
    const reason = (await app.handlers.gpu.capability()).reason;
    expect(await page.getByTestId('gpu-why').textContent()).toContain(reason);
    expect(await page.getByRole('button', { name: 'CPU', exact: true }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await page.getByRole('button', { name: 'OK' }).click();
  });

  it('Docker stopped → the fix sentence appears; Retry after it restarts → ready again', async () => {
    const queued = (await items()).length;
    await daemon.kill();
    await page.getByRole('heading', { name: 'Docker is not running' }).waitFor({ timeout: 120_000 });
    const state = await app.handlers.docker.state();
    expect(state.state).toBe('not-running');
    expect(await page.getByTestId('docker-message').textContent()).toBe(state.message);

    await daemon.restart();
    // Retry, as the sentence says. (The app may already have noticed Docker is back and hidden it.)
    await page
      .getByRole('button', { name: 'Retry' })
      .click({ timeout: 10_000 })
      .catch(() => undefined);
    await page.getByText('Drop photos or folders here').waitFor({ timeout: 300_000 });
    await expect
      .poll(() => page.getByTestId('engine-status').textContent(), { timeout: 120_000 })
      .toBe('Engine: Ready');
    // The queue survived the outage.
    expect((await items()).length).toBe(queued);
    expect(app.pageErrors).toEqual([]);
  });
});
