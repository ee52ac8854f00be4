/**
 * Stage 5: the upright crop around the face: `faceMargin` × the face size on the left, right and below,
 * 1.5 × that above (forehead and hair). Each crop pixel is read from the original through the alignment's
 * rotation (bilinear). Where the crop reaches past the photo, the edge pixels are repeated in the colour
 * channels and `coverage` is 0, so those areas end up transparent. Large crops are shrunk first (with
 * sharp, filtering properly) to at most `maxSide`, which is all the later stages can use.
 *
 * With `context` > 0 the crop is read larger by that share of its size on every side: the segmentation
 * model sees the subject with its surroundings (on a tight crop of a small face IS-Net leaves the face
 * half transparent), and `inner` tells where the portrait itself lies.
 */
import sharp from 'sharp';
import { type Alignment, rotateAbout } from './alignFace.ts';
import type { RgbImage } from './rgbImage.ts';

export interface FaceCrop {
  image: RgbImage;
  /** Per crop pixel: 255 where it came from inside the photo, 0 where the crop left the photo. */
  coverage: Uint8Array;
  /** Crop pixels per upright-frame pixel (≤ 1). */
  scale: number;
  /** The portrait (the crop without its context border), in crop pixels. */
  inner: PixelRect;
}

export interface PixelRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface CropRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export function cropRect(alignment: Alignment, faceMargin: number): CropRect {
  const box = alignment.faceBox;
  const side = faceMargin * box.width;
  const below = faceMargin * box.height;
  const above = 1.5 * faceMargin * box.height;
  return {
    left: box.x - side,
    top: box.y - above,
    width: box.width + 2 * side,
    height: box.height + above + below,
  };
}

export async function cropFace(
  image: RgbImage,
  alignment: Alignment,
  faceMargin: number,
  maxSide: number,
  context = 0,
): Promise<FaceCrop> {
  const portrait = cropRect(alignment, faceMargin);
  const rect = {
    left: portrait.left - context * portrait.width,
    top: portrait.top - context * portrait.height,
    width: portrait.width * (1 + 2 * context),
    height: portrait.height * (1 + 2 * context),
  };
  const scale = Math.min(1, maxSide / Math.max(rect.width, rect.height));
  const width = Math.max(1, Math.round(rect.width * scale));
  const height = Math.max(1, Math.round(rect.height * scale));
  const innerLeft = Math.min(width - 1, Math.round(context * portrait.width * scale));
  const innerTop = Math.min(height - 1, Math.round(context * portrait.height * scale));
  const inner = {
    left: innerLeft,
    top: innerTop,
    width: Math.max(1, Math.min(width - innerLeft, Math.round(portrait.width * scale))),
    height: Math.max(1, Math.min(height - innerTop, Math.round(portrait.height * scale))),
  };

  // The part of the original the crop reads from (bounding box of its rotated corners).
  const corners = [
    { x: rect.left, y: rect.top },
    { x: rect.left + rect.width, y: rect.top },
    { x: rect.left, y: rect.top + rect.height },
    { x: rect.left + rect.width, y: rect.top + rect.height },
  ].map((p) => rotateAbout(p, alignment.centre, alignment.angle));
  const rx0 = clamp(Math.floor(Math.min(...corners.map((p) => p.x))) - 2, 0, image.width - 1);
  const ry0 = clamp(Math.floor(Math.min(...corners.map((p) => p.y))) - 2, 0, image.height - 1);
  const rx1 = clamp(Math.ceil(Math.max(...corners.map((p) => p.x))) + 2, rx0 + 1, image.width);
  const ry1 = clamp(Math.ceil(Math.max(...corners.map((p) => p.y))) + 2, ry0 + 1, image.height);
  const source = await sourceRegion(image, rx0, ry0, rx1 - rx0, ry1 - ry0, scale);
  // source pixel = (original - region origin) * sourceScale
  const sx = source.width / (rx1 - rx0);
  const sy = source.height / (ry1 - ry0);

  const out = Buffer.alloc(width * height * 3);
  const coverage = new Uint8Array(width * height);
  const cos = Math.cos(alignment.angle);
  const sin = Math.sin(alignment.angle);
  const { x: cx, y: cy } = alignment.centre;
  const src = source.data;
  const sw = source.width;
  const sh = source.height;
  for (let v = 0; v < height; v += 1) {
    const qy = rect.top + (v + 0.5) / scale - 0.5 - cy;
    for (let u = 0; u < width; u += 1) {
      const qx = rect.left + (u + 0.5) / scale - 0.5 - cx;
      const ox = cx + qx * cos - qy * sin;
      const oy = cy + qx * sin + qy * cos;
      const i = v * width + u;
      coverage[i] = ox >= -0.5 && oy >= -0.5 && ox <= image.width - 0.5 && oy <= image.height - 0.5 ? 255 : 0;
      const px = clamp((ox - rx0 + 0.5) * sx - 0.5, 0, sw - 1);
      const py = clamp((oy - ry0 + 0.5) * sy - 0.5, 0, sh - 1);
      const x0 = Math.floor(px);
      const y0 = Math.floor(py);
      const x1 = Math.min(x0 + 1, sw - 1);
      const y1 = Math.min(y0 + 1, sh - 1);
      const fx = px - x0;
      const fy = py - y0;
      const a = (y0 * sw + x0) * 3;
      const b = (y0 * sw + x1) * 3;
      const c = (y1 * sw + x0) * 3;
      const d = (y1 * sw + x1) * 3;
      for (let ch = 0; ch < 3; ch += 1) {
        const top = src[a + ch]! + (src[b + ch]! - src[a + ch]!) * fx;
        const bottom = src[c + ch]! + (src[d + ch]! - src[c + ch]!) * fx;
        out[i * 3 + ch] = top + (bottom - top) * fy + 0.5;
      }
    }
  }
  return { image: { data: out, width, height }, coverage, scale, inner };
}

function clamp(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value;
}

/** The region of the original, shrunk by `scale` when that is well below 1 (bilinear alone would alias). */
async function sourceRegion(
  image: RgbImage,
  left: number,
  top: number,
  width: number,
  height: number,
  scale: number,
): Promise<RgbImage> {
  const whole = left === 0 && top === 0 && width === image.width && height === image.height;
  if (scale > 0.75 && whole) return image;
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  if (!whole) pipeline = pipeline.extract({ left, top, width, height });
  let outWidth = width;
  let outHeight = height;
  if (scale <= 0.75) {
    outWidth = Math.max(1, Math.round(width * scale));
    outHeight = Math.max(1, Math.round(height * scale));
    pipeline = pipeline.resize(outWidth, outHeight, { fit: 'fill' });
  }
  const data = await pipeline.raw().toBuffer();
  return { data, width: outWidth, height: outHeight };
}
