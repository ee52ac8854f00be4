/**
 * Photos for a document in the real window (Debian's Chromium on the real services, an isolated Docker
 * daemon with the engine image built from docker/): the UK passport chosen in the picker and kept in
 * the settings, one good photo and the same photo taken too far away, their verdicts on the cards and
 * in the grid's filter, and each verdict's detail with the crown, chin and eye lines drawn over it.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutSheet } from '../../electron/services/documents/sheetLayout.ts';
import { takenFarAway, worstCopyError } from '../support/documentPhotoFiles.ts';
import { ensureEngineImage } from '../support/engineImage.ts';
import { fixturePath } from '../support/fixtures.ts';
import type { IsolatedDaemon } from '../support/isolatedDaemon.ts';
import { launchAppOnIsolatedDaemon } from './support/appOnIsolatedDaemon.ts';
import { dropFiles } from './support/dropFiles.ts';
import type { RunningApp } from './support/launchApp.ts';

const SCREENSHOTS = path.resolve(import.meta.dirname, '..', '..', 'test-output', 'screenshots');
const GOOD = 'passport-good.jpg';
const FAR = 'passport-too-far.jpg';
const UK_NAME = 'United Kingdom — Passport (35 × 45 mm)';

let daemon: IsolatedDaemon;
let app: RunningApp;
let page: Page;
let photosDir: string;

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** The fixture as it is, and shrunk to an eighth inside a canvas of its own size (taken too far away). */
async function writePhotos(dir: string, fixture: string): Promise<string[]> {
  const bytes = await readFile(fixturePath(fixture));
  await writeFile(path.join(dir, GOOD), bytes);
  await writeFile(path.join(dir, FAR), await takenFarAway(bytes, 8));
  return [path.join(dir, GOOD), path.join(dir, FAR)];
}

/** Opens a result's detail and waits for its verdict panel and overlay (both pictures drawn). */
async function openVerdict(name: string) {
  await page.getByRole('button', { name: `Open ${name}` }).click();
  const dialog = page.getByRole('dialog', { name });
  const panel = dialog.getByTestId('verdict-panel');
  const overlay = dialog.getByTestId('verdict-overlay');
  await panel.waitFor();
  await overlay.locator('img').nth(1).waitFor();
  await overlay.scrollIntoViewIfNeeded();
  return { panel, overlay };
}

async function closeDetail(name: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.getByRole('dialog', { name }).waitFor({ state: 'detached' });
}

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  photosDir = await mkdtemp(path.join(tmpdir(), 'fc-e2e-documents-'));
  const photos = await writePhotos(photosDir, 'dark-skin-man-frontal-beard.jpg');
  ({ daemon, app } = await launchAppOnIsolatedDaemon({ image: await ensureEngineImage(), photos }));
  page = app.page;
});

afterAll(async () => {
  await app?.close();
  await daemon?.stop();
  if (photosDir) await rm(photosDir, { recursive: true, force: true });
});

describe('document photos in Chromium on the real services', () => {
  it('chooses the UK passport in the picker: its rules in one line, kept in the settings', async () => {
    await page.getByRole('radio', { name: /Build it on this computer/ }).check();
    await page.getByRole('button', { name: 'Get the engine ready' }).click();
    await page.getByText('Drop photos or folders here').waitFor({ timeout: 540_000 });
    await page.getByRole('searchbox', { name: 'Document' }).fill('kingdom');
    await page.getByRole('combobox', { name: 'Document' }).selectOption({ label: UK_NAME });
    expect(await page.getByTestId('document-rules').textContent()).toMatch(
      /^35 × 45 mm at 300 dpi = 413 × 531 px · head 29–34 mm \(64–76 %\) · eyes 50–70 % from the bottom/,
    );
    await expect.poll(async () => (await app.handlers.settings.get()).documentId).toBe('uk-passport');
    const options = (await app.handlers.settings.get()).options;
    expect({ width: options.width, height: options.height, dpi: options.dpi }).toEqual({
      width: 413,
      height: 531,
      dpi: 300,
    });
  }, 600_000);

  it('judges a good photo and one taken too far away: Passes and Fails on the cards and in the filter', async () => {
    await dropFiles(page, '[data-testid="dropzone"]', [
      path.join(photosDir, GOOD),
      path.join(photosDir, FAR),
    ]);
    await expect
      .poll(() => page.getByTestId('queue-progress').textContent(), { timeout: 600_000, interval: 2000 })
      .toMatch(/^2\/2/);
    await page.getByRole('tab', { name: /Results/ }).click();
    const card = (name: string) => page.locator('[data-testid="result-card"]', { hasText: name });
    await expect.poll(() => card(GOOD).getByTestId('verdict-badge').textContent()).toBe('Passes');
    expect(await card(FAR).getByTestId('verdict-badge').textContent()).toBe('Fails');
    // Enlarged to the soft limit and no further: the grid's own judgement flags it too.
    expect(await card(FAR).getByTestId('reason-badge').first().textContent()).toMatch(/^Small face/);

    const filter = page.getByTestId('document-filter');
    await filter.getByRole('button', { name: 'Fails document (1)' }).click();
    await expect.poll(() => page.getByTestId('result-card').count()).toBe(1);
    expect(await page.getByTestId('result-card').textContent()).toContain(FAR);
    await screenshot('documents-1-grid-fails-filter');
    await filter.getByRole('button', { name: 'Any verdict' }).click();
    await expect.poll(() => page.getByTestId('result-card').count()).toBe(2);
  }, 660_000);

  it('shows the passing verdict rule by rule with the overlay of crown, chin, eye line and bands', async () => {
    const { panel, overlay } = await openVerdict(GOOD);
    expect(await panel.locator('h3 .badge').textContent()).toBe('Passes');
    expect(await panel.textContent()).toMatch(
      /Head height \(chin to crown\) \d+ % of the height \(allowed: 64–76 % of the height\)/,
    );
    expect(await panel.textContent()).toContain('Check yourself');
    await expect
      .poll(() =>
        overlay
          .locator('img')
          .first()
          .evaluate((img: HTMLImageElement) => img.naturalWidth),
      )
      .toBe(413);
    await screenshot('documents-2-verdict-pass');
    await overlay.screenshot({ path: path.join(SCREENSHOTS, 'documents-2b-overlay-pass.png') });
    await closeDetail(GOOD);
  });

  it('shows the failing verdict with the sentence that says to come closer, over the too-small head', async () => {
    const { panel, overlay } = await openVerdict(FAR);
    expect(await panel.locator('h3 .badge').textContent()).toBe('Fails');
    expect(await panel.textContent()).toMatch(
      /The head is too small: \d+ % of the height, this document needs 64–76 %\. Take the photo closer, or crop tighter around the head\./,
    );
    await screenshot('documents-3-verdict-fail');
    await overlay.screenshot({ path: path.join(SCREENSHOTS, 'documents-3b-overlay-fail.png') });
    await panel.getByText(/The head is too small/).scrollIntoViewIfNeeded();
    await screenshot('documents-3c-verdict-fail-advice');
    await closeDetail(FAR);
  });

  it('Save all writes the files for the chosen document: printed at 100 % each is 35 × 45 mm', async () => {
    await page.getByRole('combobox', { name: 'Save as' }).selectOption({ label: 'PNG and JPG' });
    await expect.poll(async () => (await app.handlers.settings.get()).outputFormat).toBe('both');
    await page.getByRole('button', { name: 'Save all' }).click();
    await page.getByText(/^Saved 2 photos to /).waitFor();
    const files = (await readdir(app.outputDir)).filter((f) => f.startsWith('passport-good')).sort();
    expect(files).toEqual(['passport-good.jpg', 'passport-good.png']);
    for (const file of files) {
      const meta = await sharp(path.join(app.outputDir, file)).metadata();
      const printedMm = (px: number) => Math.round((px / (meta.density ?? 72)) * 25.4 * 10) / 10;
      expect([file, meta.width, meta.height, meta.density]).toEqual([file, 413, 531, 300]);
      expect([printedMm(meta.width ?? 0), printedMm(meta.height ?? 0)]).toEqual([35, 45]);
    }
  }, 120_000);

  it('Print sheet… lays the good photo out on 10 × 15 cm as many as fit: six 35 × 45 mm copies, JPG and PDF', async () => {
    await page.getByRole('checkbox', { name: `Select ${GOOD}` }).check();
    await page.getByRole('button', { name: 'Print sheet…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Print sheet' });
    expect(await dialog.textContent()).toContain(`1 photo for ${UK_NAME}`);
    expect(await dialog.getByRole('radio', { name: /10 × 15 cm \(4 × 6 in\)/ }).isChecked()).toBe(true);
    expect(await dialog.getByRole('spinbutton', { name: 'Copies of each' }).inputValue()).toBe('');
    await screenshot('documents-4-print-sheet');
    await dialog.getByRole('button', { name: 'Make sheet' }).click();
    await page
      .getByText(
        /^6 copies fit on 10 × 15 cm \(4 × 6 in\): saved sheet-uk-passport-4x6\.jpg and sheet-uk-passport-4x6\.pdf to /,
      )
      .waitFor();
    await dialog.waitFor({ state: 'detached' });
    await screenshot('documents-4c-print-sheet-notice');

    const jpg = await readFile(path.join(app.outputDir, 'sheet-uk-passport-4x6.jpg'));
    const meta = await sharp(jpg).metadata();
    expect([meta.width, meta.height, meta.density]).toEqual([1200, 1800, 300]);
    // Each of the six copies, found in the sheet's own pixels, is 413 × 531 (35 × 45 mm) within 1 px.
    const { placements } = layoutSheet('4x6', [{ width: 413, height: 531, copies: null }]);
    expect(placements).toHaveLength(6);
    expect(await worstCopyError(jpg, placements, () => ({ width: 413, height: 531 }))).toBeLessThanOrEqual(1);
    const pdf = await PDFDocument.load(await readFile(path.join(app.outputDir, 'sheet-uk-passport-4x6.pdf')));
    expect(pdf.getPageCount()).toBe(1);
    const { width, height } = pdf.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([288, 432]);
    await sharp(jpg).png().toFile(path.join(SCREENSHOTS, 'documents-4b-print-sheet-jpg.png'));
  }, 120_000);
});
