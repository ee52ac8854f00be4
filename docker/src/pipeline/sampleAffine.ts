/**
 * Resampling through an affine map: each output pixel reads the source at `outToSource` of its index
 * (bilinear; pixel-index coordinates on both sides). Where the map shrinks a lot the source is first
 * shrunk with sharp (filtering properly), since bilinear alone would alias.
 */
import sharp from 'sharp';
import { type Affine, applyAffine, composeAffine, invertAffine } from './affine.ts';

export interface RasterImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

/** The source reads beyond its edge repeat the edge pixels (callers mask those with coverage). */
export function sampleAffine(
  source: RasterImage,
  outToSource: Affine,
  width: number,
  height: number,
): RasterImage {
  const { data: src, width: sw, height: sh, channels } = source;
  const out = new Uint8Array(width * height * channels);
  const [a, b, c, d, e, f] = outToSource;
  const maxX = sw - 1;
  const maxY = sh - 1;
  for (let v = 0; v < height; v += 1) {
    let px = c * v + e;
    let py = d * v + f;
    for (let u = 0; u < width; u += 1, px += a, py += b) {
      const x = px < 0 ? 0 : px > maxX ? maxX : px;
      const y = py < 0 ? 0 : py > maxY ? maxY : py;
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      const x1 = x0 < maxX ? x0 + 1 : x0;
      const y1 = y0 < maxY ? y0 + 1 : y0;
      const fx = x - x0;
      const fy = y - y0;
      const i00 = (y0 * sw + x0) * channels;
      const i01 = (y0 * sw + x1) * channels;
      const i10 = (y1 * sw + x0) * channels;
      const i11 = (y1 * sw + x1) * channels;
      const o = (v * width + u) * channels;
      for (let ch = 0; ch < channels; ch += 1) {
        const top = src[i00 + ch]! + (src[i01 + ch]! - src[i00 + ch]!) * fx;
        const bottom = src[i10 + ch]! + (src[i11 + ch]! - src[i10 + ch]!) * fx;
        out[o + ch] = top + (bottom - top) * fy + 0.5;
      }
    }
  }
  return { data: out, width, height, channels };
}

/**
 * The same as sampleAffine, but when the map shrinks the source below 3/4 the part of the source it
 * reads is first reduced with sharp to about the output's scale.
 */
export async function sampleAffineFiltered(
  source: RasterImage,
  outToSource: Affine,
  width: number,
  height: number,
): Promise<RasterImage> {
  const sourceToOut = invertAffine(outToSource);
  const scale = Math.sqrt(Math.abs(sourceToOut[0] * sourceToOut[3] - sourceToOut[1] * sourceToOut[2]));
  if (scale > 0.75) return sampleAffine(source, outToSource, width, height);
  const corners = [
    [0, 0],
    [width - 1, 0],
    [0, height - 1],
    [width - 1, height - 1],
  ].map(([x, y]) => applyAffine(outToSource, { x: x!, y: y! }));
  const clampTo = (value: number, high: number) => Math.max(0, Math.min(high, value));
  const left = clampTo(Math.floor(Math.min(...corners.map((p) => p.x))) - 2, source.width - 1);
  const top = clampTo(Math.floor(Math.min(...corners.map((p) => p.y))) - 2, source.height - 1);
  const right = clampTo(Math.ceil(Math.max(...corners.map((p) => p.x))) + 3, source.width);
  const bottom = clampTo(Math.ceil(Math.max(...corners.map((p) => p.y))) + 3, source.height);
  const regionWidth = Math.max(1, right - left);
  const regionHeight = Math.max(1, bottom - top);
  const smallWidth = Math.max(1, Math.round(regionWidth * scale));
  const smallHeight = Math.max(1, Math.round(regionHeight * scale));
  const raw = { width: source.width, height: source.height, channels: source.channels as 1 | 3 | 4 };
  let pipeline = sharp(source.data, { raw })
    .extract({ left, top, width: regionWidth, height: regionHeight })
    .resize(smallWidth, smallHeight, { fit: 'fill' });
  if (source.channels === 1) pipeline = pipeline.toColourspace('b-w');
  const small = await pipeline.raw().toBuffer();
  // sharp's resize maps index x to (x − left + 0.5)·k − 0.5 in the smaller image.
  const kx = smallWidth / regionWidth;
  const ky = smallHeight / regionHeight;
  const toSmall: Affine = [kx, 0, 0, ky, (0.5 - left) * kx - 0.5, (0.5 - top) * ky - 0.5];
  return sampleAffine(
    {
      data: new Uint8Array(small.buffer, small.byteOffset, small.length),
      width: smallWidth,
      height: smallHeight,
      channels: source.channels,
    },
    composeAffine(toSmall, outToSource),
    width,
    height,
  );
}
