/**
 * The app end to end with the original Facecraft image as its engine, in Debian's Chromium on the real
 * bridge handlers and a real (isolated) Docker daemon. djok/facecraft cannot be pulled here, so the
 * behaviour double of it (test/support/upstreamDouble/) stands there under that very name: the user
 * picks "The original Facecraft image" in the engine setup, turns the oval off, picks red, and drops
 * the fixture photos. Every card must end done with a red background (read from the files' pixels:
 * the image swaps red and blue, and writes no PNG without the oval), or failed with a sentence.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLISHED_ENGINE_REFERENCES } from '../../contract/engineChoices.ts';
import { fixtureFolder } from '../support/fixtures.ts';
import { isRed, leftEdgePixel } from '../support/imagePixels.ts';
import type { IsolatedDaemon } from '../support/isolatedDaemon.ts';
import { buildFixtureDouble, ensureUpstreamDouble, NO_FACE_FIXTURE } from '../support/upstreamDouble.ts';
import { launchAppOnIsolatedDaemon, queueItems } from './support/appOnIsolatedDaemon.ts';
import { seriousAxeViolations } from './support/axeCheck.ts';
import { dropFiles } from './support/dropFiles.ts';
import type { RunningApp } from './support/launchApp.ts';
import { saveScreenshot } from './support/screenshots.ts';

const RED = { r: 255, g: 0, b: 0 };

let daemon: IsolatedDaemon;
let app: RunningApp;
let page: Page;
let fixtureFiles: string[];
let photoCount: number;

const items = () => queueItems(app);

beforeAll(async () => {
  ({ files: fixtureFiles, photoCount } = await fixtureFolder());
  const double = await ensureUpstreamDouble();
  ({ daemon, app } = await launchAppOnIsolatedDaemon({
    image: double,
    photos: fixtureFiles,
    // On this daemon the double is djok/facecraft:cpu: present, so the choice starts it without a pull.
    prepare: (d) => buildFixtureDouble(double, PUBLISHED_ENGINE_REFERENCES.cpu, d.dockerHost),
  }));
  page = app.page;
});

afterAll(async () => {
  await app?.close();
  await daemon?.stop();
});

describe('Facecraft Desktop with the original Facecraft image (double) as its engine', () => {
  it('double: the original image is one choice in the engine setup, described honestly, and starts as the published engine', async () => {
    await page.getByRole('heading', { name: 'Docker is ready' }).waitFor();
    const original = page.getByRole('radio', { name: /The original Facecraft image/ });
    expect(await page.getByTestId('original-image-note').textContent()).toMatch(
      /^The original Facecraft image: 4 GB download .*no API key, fewer options/,
    );
    await original.check();
    await expect
      .poll(async () => (await app.handlers.settings.get()).imageRefs)
      .toEqual(PUBLISHED_ENGINE_REFERENCES);
    expect((await app.handlers.settings.get()).imageSource).toBe('pull');
    await saveScreenshot(page, 'published-1-engine-setup');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Get the engine ready' }).click();
    await page.getByText('Drop photos or folders here').waitFor({ timeout: 300_000 });
    await expect.poll(() => page.getByTestId('engine-status').textContent()).toBe('Engine: Ready');
    const state = await app.handlers.engine.state();
    expect(state.engine?.kind).toBe('published');
  });

  it('double: the face enhancer and the natural touch-up are shown unavailable with the reason; oval off says the PNG gets the background colour', async () => {
    const state = await app.handlers.engine.state();
    const reason = state.engine?.unavailableOptions.enhance_face;
    expect(reason).toBeTruthy();
    const enhance = page.getByRole('checkbox', { name: /Enhance the face/ });
    expect(await enhance.isDisabled()).toBe(true);
    expect(await enhance.isChecked()).toBe(false);
    expect(await page.getByTestId('enhance-note').textContent()).toBe(reason);
    // It always applies its own enhancement and ignores our touch-up field.
    const touchUp = page.getByRole('checkbox', { name: /Natural touch-up/ });
    expect(await touchUp.isDisabled()).toBe(true);
    expect(await page.getByTestId('touchUp-note').textContent()).toBe(
      'Not available with the published Facecraft image: it ignores this option.',
    );

    const oval = page.getByRole('checkbox', { name: /^Oval mask/ });
    await oval.uncheck();
    await expect.poll(async () => (await app.handlers.settings.get()).options.ovalMask).toBe(false);
    await page
      .getByText('Off: with this engine the PNG has the background colour, not transparency')
      .waitFor();
    await page.getByLabel('Custom colour').first().fill('#ff0000');
    await expect.poll(async () => (await app.handlers.settings.get()).options.background).toEqual(RED);
    await saveScreenshot(page, 'published-2-options-oval-off-red');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('double: dropped fixture photos all end done with a red background (JPG and PNG), or failed with a sentence', async () => {
    await dropFiles(page, '[data-testid="dropzone"]', fixtureFiles);
    await expect
      .poll(() => page.getByTestId('queue-progress').textContent(), { timeout: 600_000, interval: 1000 })
      .toMatch(new RegExp(`^${photoCount}/${photoCount}`));
    const all = await items();
    expect(all).toHaveLength(photoCount);
    const noFace = all.find((i) => i.name === NO_FACE_FIXTURE);
    expect(noFace?.state).toBe('failed');
    for (const item of all) {
      expect(item.options.ovalMask, item.name).toBe(false);
      expect(item.options.background, item.name).toEqual(RED);
      if (item.state === 'failed') {
        // Our sentence, never the image's raw exception text or its container paths.
        expect(item.error?.message, item.name).toMatch(/^[A-Z].+\.$/);
        expect(item.error?.message, item.name).not.toMatch(/OpenCV|\/app\/|Traceback|Internal Server Error/);
        continue;
      }
      expect(item.state, item.name).toBe('done');
      const result = item.result!;
      expect(result.pngBackground, item.name).toBe('filled');
      expect(isRed(await leftEdgePixel(result.jpgPath)), `${item.name} JPG`).toBe(true);
      const png = await leftEdgePixel(result.pngPath);
      expect(isRed(png), `${item.name} PNG`).toBe(true);
      expect(png.a, `${item.name} PNG`).toBe(255);
    }
    expect(all.filter((i) => i.state === 'done').length).toBe(photoCount - 1);

    await page.getByRole('tab', { name: /Results/ }).click();
    const failedCard = page.locator('[data-testid="result-card"]', { hasText: NO_FACE_FIXTURE });
    await failedCard.getByText(noFace!.error!.message).waitFor();
    const shown = page.locator('[data-testid="result-thumbnail"][src^="data:image/webp"]');
    await expect.poll(() => shown.count()).toBe(photoCount - 1);
    await saveScreenshot(page, 'published-3-results-red');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('double: a result says its PNG has the background colour, not transparency', async () => {
    const done = (await items()).find((i) => i.state === 'done' && i.name.startsWith('exif-orientation-6'))!;
    await page.getByRole('button', { name: `Open ${done.name}` }).click();
    const dialog = page.getByRole('dialog', { name: done.name });
    expect(await dialog.getByTestId('detail-png-filled').textContent()).toMatch(
      /^Has the background colour, not transparency/,
    );
    await saveScreenshot(page, 'published-4-result-detail');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(app.pageErrors).toEqual([]);
  });
});
