/** The PNG made from the published image's JPG: same size, same colours, opaque. */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { pngFromJpg } from '../../../../../electron/services/engineKind/pngFromJpg.ts';

describe('PNG from JPG', () => {
  it('keeps the size and the colours of each half, fully opaque', async () => {
    // 40×30: left half red, right half blue.
    const raw = Buffer.alloc(40 * 30 * 3);
    for (let y = 0; y < 30; y++)
      for (let x = 0; x < 40; x++) raw.set(x < 20 ? [255, 0, 0] : [0, 0, 255], (y * 40 + x) * 3);
    const jpg = await sharp(raw, { raw: { width: 40, height: 30, channels: 3 } })
      .jpeg({ quality: 95 })
      .toBuffer();
    const png = await pngFromJpg(new Uint8Array(jpg));
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.format, info.width, info.height, info.channels]).toEqual(['raw', 40, 30, 4]);
    expect((await sharp(png).metadata()).format).toBe('png');
    const at = (x: number, y: number) => [...data.subarray((y * 40 + x) * 4, (y * 40 + x) * 4 + 4)];
    const [lr, lg, lb, la] = at(5, 15);
    const [rr, rg, rb, ra] = at(35, 15);
    expect(lr! > 230 && lg! < 30 && lb! < 30 && la === 255).toBe(true);
    expect(rr! < 30 && rg! < 30 && rb! > 230 && ra === 255).toBe(true);
  });
});
