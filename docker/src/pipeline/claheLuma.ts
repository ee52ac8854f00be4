/**
 * Contrast-limited adaptive histogram equalisation of an RGB image's luma, the way OpenCV does it for
 * the published pipeline (8×8 tiles, clip limit 2, bilinear blending of the tiles' mappings), and linear
 * in the pixel count. libvips' own CLAHE (sharp.clahe) slides a window over every pixel: 20-60× slower
 * on a 1 MP crop. Only luma changes: each channel moves by the same amount (YCbCr chroma is kept).
 */
import type { RgbImage } from './rgbImage.ts';

export interface ClaheOptions {
  tiles: number;
  clipLimit: number;
  /** 0..1: how much of the equalisation to apply (1 = OpenCV's full result). */
  strength: number;
}

export interface ClaheResult {
  image: RgbImage;
  /** Mean of R, G, B after equalisation (for grey-world white balance). */
  channelMeans: [number, number, number];
}

function tileLookupTables(
  luma: Uint8Array,
  width: number,
  height: number,
  tiles: number,
  clipLimit: number,
): Uint8Array[] {
  const tables: Uint8Array[] = [];
  const histogram = new Uint32Array(256);
  for (let ty = 0; ty < tiles; ty += 1) {
    const y0 = Math.floor((ty * height) / tiles);
    const y1 = Math.floor(((ty + 1) * height) / tiles);
    for (let tx = 0; tx < tiles; tx += 1) {
      const x0 = Math.floor((tx * width) / tiles);
      const x1 = Math.floor(((tx + 1) * width) / tiles);
      histogram.fill(0);
      for (let y = y0; y < y1; y += 1) {
        for (let x = x0, i = y * width + x0; x < x1; x += 1, i += 1) histogram[luma[i]!]! += 1;
      }
      const count = Math.max(1, (x1 - x0) * (y1 - y0));
      const limit = Math.max(1, Math.floor((clipLimit * count) / 256));
      let excess = 0;
      for (let v = 0; v < 256; v += 1) {
        if (histogram[v]! > limit) {
          excess += histogram[v]! - limit;
          histogram[v] = limit;
        }
      }
      const share = Math.floor(excess / 256);
      const rest = excess - share * 256;
      const table = new Uint8Array(256);
      let sum = 0;
      for (let v = 0; v < 256; v += 1) {
        sum += histogram[v]! + share + (v < rest ? 1 : 0);
        table[v] = Math.min(255, Math.round((sum * 255) / count));
      }
      tables.push(table);
    }
  }
  return tables;
}

/** value + delta, rounded and clamped to a byte. */
function shifted(value: number, delta: number): number {
  const result = Math.round(value + delta);
  return result <= 0 ? 0 : result >= 255 ? 255 : result;
}

export function claheLuma(image: RgbImage, options: ClaheOptions): ClaheResult {
  const { data, width, height } = image;
  const { tiles } = options;
  const luma = new Uint8Array(width * height);
  for (let i = 0, j = 0; i < luma.length; i += 1, j += 3) {
    luma[i] = (data[j]! * 299 + data[j + 1]! * 587 + data[j + 2]! * 114 + 500) / 1000;
  }
  const tables = tileLookupTables(luma, width, height, tiles, options.clipLimit);
  const out = Buffer.alloc(data.length);
  let sumR = 0;
  let sumG = 0;
  let sumB = 0;
  const tileWidth = width / tiles;
  const tileHeight = height / tiles;
  for (let y = 0; y < height; y += 1) {
    // Position between tile centres, clamped at the borders (as OpenCV does).
    const gy = Math.min(Math.max((y + 0.5) / tileHeight - 0.5, 0), tiles - 1);
    const ty0 = Math.floor(gy);
    const ty1 = Math.min(ty0 + 1, tiles - 1);
    const fy = gy - ty0;
    for (let x = 0; x < width; x += 1) {
      const gx = Math.min(Math.max((x + 0.5) / tileWidth - 0.5, 0), tiles - 1);
      const tx0 = Math.floor(gx);
      const tx1 = Math.min(tx0 + 1, tiles - 1);
      const fx = gx - tx0;
      const i = y * width + x;
      const v = luma[i]!;
      const top = tables[ty0 * tiles + tx0]![v]! * (1 - fx) + tables[ty0 * tiles + tx1]![v]! * fx;
      const bottom = tables[ty1 * tiles + tx0]![v]! * (1 - fx) + tables[ty1 * tiles + tx1]![v]! * fx;
      const delta = (top * (1 - fy) + bottom * fy - v) * options.strength;
      const j = i * 3;
      const r = shifted(data[j]!, delta);
      const g = shifted(data[j + 1]!, delta);
      const b = shifted(data[j + 2]!, delta);
      out[j] = r;
      out[j + 1] = g;
      out[j + 2] = b;
      sumR += r;
      sumG += g;
      sumB += b;
    }
  }
  const n = Math.max(1, width * height);
  return { image: { data: out, width, height }, channelMeans: [sumR / n, sumG / n, sumB / n] };
}
