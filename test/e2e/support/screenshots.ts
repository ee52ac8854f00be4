/** Where the end-to-end runs put their screenshots (test-output/screenshots), to be looked at. */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';

export const SCREENSHOTS_DIR = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'test-output',
  'screenshots',
);

/** Saves what the page shows now as test-output/screenshots/<name>.png. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS_DIR, `${name}.png`) });
}
