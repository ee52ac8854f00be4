/**
 * The app's first screen on a machine where our engine image is in no registry
 * (test/support/firstRunDaemon.ts: every pull is refused for real), in Debian's Chromium on the real
 * bridge handlers. With no choice made, "Get the engine ready" shows one sentence saying the download
 * failed, then the build's progress from the bundled recipe, then the engine ready, and a photo dropped
 * on it comes out as a portrait.
 */
import { stat } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageProgress, QueueSnapshot } from '../../contract/domain.ts';
import { ownEngineReference } from '../../electron/services/docker/engineImages.ts';
import { type FirstRunDaemon, startFirstRunDaemon } from '../support/firstRunDaemon.ts';
import { fixturePath } from '../support/fixtures.ts';
import { seriousAxeViolations } from './support/axeCheck.ts';
import { dropFiles } from './support/dropFiles.ts';
import { launchApp, type RunningApp } from './support/launchApp.ts';
import { saveScreenshot } from './support/screenshots.ts';

const PHOTO = fixturePath('exif-orientation-6-smiling-woman.jpg');
const WHY =
  /^The engine image could not be downloaded \(Could not reach the registry for .+\), so it is being built on this computer from the bundled recipe; this takes a few minutes\.$/;

let machine: FirstRunDaemon;
let app: RunningApp;
let page: Page;
/** Every image progress the page was told, in order. */
const told: ImageProgress[] = [];

beforeAll(async () => {
  machine = await startFirstRunDaemon();
  app = await launchApp({
    engineContextDir: machine.contextDir,
    env: { ...process.env, DOCKER_HOST: machine.daemon.dockerHost },
    photos: [PHOTO],
  });
  page = app.page;
  page.setDefaultTimeout(60_000);
  app.bridge.subscribe((event, payload) => {
    if (event === 'imageProgress') told.push(payload as ImageProgress);
  });
});

afterAll(async () => {
  await app?.close();
  await machine?.stop();
});

describe('the first screen where our engine image is in no registry', () => {
  it('with no choice made: the refused download in one sentence, the build with its progress, then the engine ready', async () => {
    await page.getByRole('heading', { name: 'Docker is ready' }).waitFor();
    const automatic = page.getByRole('radio', { name: /Get the Facecraft Desktop engine automatically/ });
    expect(await automatic.isChecked()).toBe(true);
    const settings = await app.handlers.settings.get();
    expect(settings.imageSource).toBe('auto');
    expect(settings.imageRefs.cpu).toBe(ownEngineReference('cpu'));

    await page.getByRole('button', { name: 'Get the engine ready' }).click();
    const note = page.getByTestId('image-progress-note');
    await note.waitFor({ timeout: 120_000 });
    expect(await note.textContent()).toMatch(WHY);
    expect(await note.textContent()).toContain(ownEngineReference('cpu'));
    await page.getByText(/^Step \d+ of \d+$/).waitFor({ timeout: 120_000 });
    await note.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'first-run-1-building-after-refused-pull');

    await page.getByText('Drop photos or folders here').waitFor({ timeout: 540_000 });
    await expect.poll(() => page.getByTestId('engine-status').textContent()).toBe('Engine: Ready');

    // What the page was told, in order: the pull of our image, refused; then the build, each step with the sentence.
    const pulls = told.filter((p) => p.kind === 'pull');
    const builds = told.filter((p) => p.kind === 'build');
    expect(pulls.every((p) => p.reference === ownEngineReference('cpu'))).toBe(true);
    expect(pulls.some((p) => p.phase === 'done')).toBe(false);
    expect(told.findIndex((p) => p.kind === 'build')).toBeGreaterThan(
      told.findLastIndex((p) => p.kind === 'pull'),
    );
    expect(builds.every((p) => WHY.test(p.note ?? ''))).toBe(true);
    expect(builds.some((p) => p.step !== null)).toBe(true);
    expect(builds.at(-1)?.phase).toBe('done');
    const [image] = await app.handlers.images.list();
    expect(image).toMatchObject({ reference: 'facecraft:cpu', present: true });
    // No choice was written for the user.
    expect((await app.handlers.settings.get()).imageSource).toBe('auto');
  });

  it('a photo dropped on the built engine comes out as a portrait', async () => {
    await dropFiles(page, '[data-testid="dropzone"]', [PHOTO]);
    await expect
      .poll(() => page.getByTestId('queue-progress').textContent(), { timeout: 300_000, interval: 1000 })
      .toMatch(/^1\/1/);
    const snapshot: QueueSnapshot = await app.handlers.queue.snapshot();
    const [item] = snapshot.items;
    expect(item?.state).toBe('done');
    expect((await stat(item!.result!.pngPath)).size).toBeGreaterThan(2_000);
    await page.getByRole('tab', { name: /Results/ }).click();
    await page.locator('[data-testid="result-thumbnail"][src^="data:image/webp"]').waitFor();
    await saveScreenshot(page, 'first-run-2-portrait');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
