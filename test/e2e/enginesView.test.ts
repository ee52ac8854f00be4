/**
 * The Engines view end to end, in Debian's Chromium on the real services, with our real engine
 * container as an engine someone else runs. This app's own Docker is unreachable on purpose (a
 * socket where nothing listens), so every photo must go to the URL engine: a wrong key is refused
 * with the sentence and nothing is added; the right key is tested, added, does the photos, and shows
 * its device and pace; removing it takes it away. Screenshot: test-output/screenshots/engines-view.png.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENGINE_CONTEXT_DIR,
  ensureEngineImage,
  type RunningEngine,
  startEngineContainer,
} from '../support/engineImage.ts';
import { fixturePath } from '../support/fixtures.ts';
import { launchApp, type RunningApp } from './support/launchApp.ts';

const SCREENSHOTS = path.resolve(import.meta.dirname, '..', '..', 'test-output', 'screenshots');

let engine: RunningEngine;
let app: RunningApp;
let page: Page;

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  engine = await startEngineContainer({
    image: await ensureEngineImage(),
    labels: { 'facecraft.test': 'e2e-engines-view' },
  });
  app = await launchApp({
    engineContextDir: ENGINE_CONTEXT_DIR,
    env: {
      ...process.env,
      DOCKER_HOST: `unix://${path.join(path.sep, 'tmp', `no-docker-${process.pid}.sock`)}`,
    },
    photos: [],
  });
  page = app.page;
});

afterAll(async () => {
  await app?.close();
  await engine?.stop();
});

describe('Engines view (real Chromium, real engine container)', { timeout: 600_000 }, () => {
  it('refuses a wrong key in words, adds the engine with the right one, sends it the photos, and removes it', async () => {
    await page.getByRole('button', { name: 'Engines', exact: true }).click();
    const drawer = page.getByRole('dialog', { name: 'Engines' });
    await drawer.getByLabel('Address').fill(engine.url);
    await drawer.getByLabel('API key').fill('not-the-key');
    await drawer.getByRole('button', { name: 'Test and add' }).click();
    await expect
      .poll(() => drawer.getByTestId('engine-test-error').textContent())
      .toBe(
        `The engine at ${engine.url} refused the API key (HTTP 401). Ask whoever runs it for the current key.`,
      );
    expect(await drawer.getByTestId('engine-row').count()).toBe(0);

    await drawer.getByLabel('API key').fill(engine.apiKey ?? '');
    await drawer.getByRole('button', { name: 'Test', exact: true }).click();
    await expect
      .poll(() => drawer.getByTestId('engine-test-report').textContent())
      .toMatch(/^Reachable, key accepted: Facecraft Desktop engine \S+, on CPU, ready\. Plain HTTP: allowed/);
    await drawer.getByRole('button', { name: 'Test and add' }).click();
    const row = drawer.getByTestId('engine-row');
    await expect.poll(() => row.textContent()).toContain('With an API key');

    // No local engine can run here (its Docker is unreachable): the photos go to the URL engine.
    await app.handlers.queue.add(
      ['dark-skin-man-frontal-beard.jpg', 'elderly-man-wrinkled-face.jpg'].map(fixturePath),
    );
    await expect
      .poll(async () => (await app.handlers.queue.snapshot()).counts.done, { timeout: 120_000 })
      .toBe(2);
    const snapshot = await app.handlers.queue.snapshot();
    expect(snapshot.items.map((i) => i.result?.engine?.id)).toEqual([engine.url, engine.url]);
    await expect
      .poll(() => row.textContent())
      .toMatch(/CPU · up to 2 at once · 2 done · [\d.]+ (s|ms) a photo · ≈ [\d.]+ photos\/min/);
    await expect.poll(() => drawer.getByTestId('engine-local').textContent()).toContain('Docker');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'engines-view.png') });

    await drawer.getByRole('button', { name: `Remove ${engine.url}` }).click();
    await expect.poll(() => row.count()).toBe(0);
    expect(await app.handlers.engines.list()).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
