/** A colour-cast copy of a photo: each channel scaled in linear light (a warm or blue light, a wrong white balance). */
import sharp from 'sharp';

const linear = (v: number) => {
  const s = v / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};
const encoded = (v: number) =>
  Math.round(255 * Math.min(1, v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055));

export async function tinted(input: Buffer, gains: readonly [number, number, number]): Promise<Buffer> {
  const { data, info } = await sharp(input)
    .rotate()
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const out = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i += 1) out[i] = encoded(linear(data[i]!) * gains[i % 3]!);
  return sharp(out, { raw: { width: info.width, height: info.height, channels: 3 } })
    .png()
    .toBuffer();
}
