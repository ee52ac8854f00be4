import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { expect, it } from 'vitest';
import { THUMBNAIL_SIDE } from '../../../../../contract/domain.ts';
import { resultThumbnail } from '../../../../../electron/services/jobQueue/resultThumbnail.ts';
import { fixturePath } from '../../../../support/fixtures.ts';

async function decode(bytes: Buffer) {
  return { bytes, meta: await sharp(bytes).metadata() };
}

it('shrinks a transparent portrait to a small WebP that keeps its transparency', async () => {
  const png = await readFile(fixturePath('png-alpha-transparent-surround-man.png'));
  const { bytes, meta } = await decode(await resultThumbnail(png));
  expect(meta.format).toBe('webp');
  expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(THUMBNAIL_SIDE);
  expect(meta.hasAlpha).toBe(true);
  // A few kilobytes for the page to hold per result.
  expect(bytes.length).toBeLessThan(40_000);
  // The transparent surround is still transparent.
  const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  expect(data[(0 * info.width + 0) * 4 + 3]).toBe(0);
});

it('never enlarges a picture smaller than a thumbnail', async () => {
  const png = await readFile(fixturePath('tiny-115px-glasses-goatee-man.png'));
  const { meta } = await decode(await resultThumbnail(png));
  expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(115);
});

it('refuses bytes that are not a picture (the queue then keeps the result without a preview)', async () => {
  await expect(resultThumbnail(new Uint8Array([1, 2, 3]))).rejects.toThrow();
});
