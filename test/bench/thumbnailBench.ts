/**
 * Thumbnails: sharp in the main process (what the app does now) against the page's Web Worker path
 * (createImageBitmap + OffscreenCanvas in Chromium, what it did before), on the shared photos. Prints
 * per-photo medians and the preview sizes; a measurement, not a test.
 *
 *   node test/bench/thumbnailBench.ts [--runs 5] [--json]
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { THUMBNAIL_SIDE } from '../../contract/domain.ts';
import { resultThumbnail } from '../../electron/services/jobQueue/resultThumbnail.ts';
import { CHROMIUM } from '../e2e/support/launchApp.ts';
import { FIXTURES_DIR } from '../support/fixtures.ts';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
const json = args.includes('--json');

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round((sorted[Math.floor(sorted.length / 2)] ?? 0) * 10) / 10;
};

const names = (await readdir(FIXTURES_DIR)).filter((f) => /\.(jpe?g|png|webp)$/i.test(f)).sort();
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage();
await page.setContent('<!doctype html><title>bench</title>');

const rows: { photo: string; kb: number; sharpMs: number; workerMs: number; previewKb: number }[] = [];
for (const name of names) {
  const bytes = await readFile(path.join(FIXTURES_DIR, name));
  const sharpTimes: number[] = [];
  let preview: Buffer = Buffer.alloc(0);
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    preview = await resultThumbnail(bytes);
    sharpTimes.push(performance.now() - start);
  }
  const workerTimes = await page.evaluate(
    async ({ base64, runs, side }) => {
      const source = `
        onmessage = async (e) => {
          const t0 = performance.now();
          const binary = atob(e.data.base64);
          const bytes = new Uint8Array(binary.length);
          for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
          const bitmap = await createImageBitmap(new Blob([bytes]), { imageOrientation: 'from-image' });
          const scale = Math.min(1, e.data.side / Math.max(bitmap.width, bitmap.height));
          const canvas = new OffscreenCanvas(Math.max(1, Math.round(bitmap.width * scale)), Math.max(1, Math.round(bitmap.height * scale)));
          const context = canvas.getContext('2d');
          context.imageSmoothingQuality = 'high';
          context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
          await canvas.convertToBlob({ type: 'image/webp', quality: 0.85 });
          postMessage(performance.now() - t0);
        };`;
      const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
      const times: number[] = [];
      for (let i = 0; i < runs; i += 1) {
        times.push(
          await new Promise<number>((resolve) => {
            worker.onmessage = (e: MessageEvent<number>) => resolve(e.data);
            worker.postMessage({ base64, side });
          }),
        );
      }
      worker.terminate();
      return times;
    },
    { base64: bytes.toString('base64'), runs, side: THUMBNAIL_SIDE },
  );
  rows.push({
    photo: name,
    kb: Math.round(bytes.length / 1024),
    sharpMs: median(sharpTimes),
    workerMs: median(workerTimes),
    previewKb: Math.round(preview.length / 102.4) / 10,
  });
}
await browser.close();

if (json) console.log(JSON.stringify({ side: THUMBNAIL_SIDE, runs, rows }, null, 2));
else {
  console.log(
    `thumbnail ${THUMBNAIL_SIDE} px, median of ${runs} runs (worker: decode + shrink + WebP, no IPC)`,
  );
  for (const r of rows)
    console.log(
      `${r.photo.padEnd(52)} ${String(r.kb).padStart(6)} KB  sharp ${String(r.sharpMs).padStart(6)} ms  worker ${String(r.workerMs).padStart(6)} ms  preview ${r.previewKb} KB`,
    );
}
