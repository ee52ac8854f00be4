import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';

/**
 * Drops real files onto an element, as a user dragging them from a file manager would: a DataTransfer
 * holding File objects made from the files' bytes, and their paths registered for pathForFile
 * (what Electron's webUtils.getPathForFile answers for a dropped file).
 */
export async function dropFiles(page: Page, selector: string, files: string[]): Promise<void> {
  const payload = await Promise.all(
    files.map(async (file) => ({
      name: path.basename(file),
      path: file,
      base64: (await readFile(file)).toString('base64'),
    })),
  );
  await page.evaluate(
    ({ selector, payload }) => {
      const target = document.querySelector(selector);
      if (!target) throw new Error(`nothing matches ${selector}`);
      const transfer = new DataTransfer();
      const paths = window.__facecraftPaths ?? {};
      window.__facecraftPaths = paths;
      for (const file of payload) {
        const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], file.name, { lastModified: Date.now() }));
        paths[file.name] = file.path;
      }
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(
          new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }),
        );
      }
    },
    { selector, payload },
  );
}
