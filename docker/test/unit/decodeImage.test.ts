import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/pipeline/decodeImage.ts';
import { PipelineError } from '../../src/pipeline/types.ts';
import { fixture } from './support/engineFixtures.ts';

const limits = { maxPixels: 50_000_000 };

async function decodeError(input: Buffer): Promise<PipelineError> {
  const error = await decodeImage(input, limits).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PipelineError);
  const pipelineError = error as PipelineError;
  expect(pipelineError.message.length).toBeGreaterThan(20);
  return pipelineError;
}

function pngChunk(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A 200-byte PNG that claims 30000×30000 pixels (2.7 GB decoded): a decompression bomb's header. */
function bombPng(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(30_000, 0);
  header.writeUInt32BE(30_000, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const firstRows = deflateSync(Buffer.alloc(30_001 * 3 * 4));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', firstRows),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function bmp24(width: number, height: number, rgb: [number, number, number]): Buffer {
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const file = Buffer.alloc(54 + rowBytes * height);
  file.write('BM', 0, 'ascii');
  file.writeUInt32LE(file.length, 2);
  file.writeUInt32LE(54, 10);
  file.writeUInt32LE(40, 14);
  file.writeInt32LE(width, 18);
  file.writeInt32LE(height, 22);
  file.writeUInt16LE(1, 26);
  file.writeUInt16LE(24, 28);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const at = 54 + y * rowBytes + x * 3;
      file[at] = rgb[2];
      file[at + 1] = rgb[1];
      file[at + 2] = rgb[0];
    }
  }
  return file;
}

describe('decodeImage', () => {
  it('applies EXIF orientation 6: the 533×800 stored pixels come out upright at 800×533', async () => {
    const image = await decodeImage(fixture('exif-orientation-6-smiling-woman.jpg'), limits);
    expect([image.width, image.height]).toEqual([800, 533]);
    expect(image.data.length).toBe(800 * 533 * 3);
  });

  it('turns a single-channel grey JPEG into 3 equal RGB channels', async () => {
    const image = await decodeImage(fixture('grayscale-smiling-young-man.jpg'), limits);
    expect([image.width, image.height]).toEqual([1000, 1000]);
    expect(image.data.length).toBe(1000 * 1000 * 3);
    const centre = (500 * 1000 + 500) * 3;
    expect(image.data[centre]).toBe(image.data[centre + 1]);
    expect(image.data[centre + 1]).toBe(image.data[centre + 2]);
  });

  it('flattens an RGBA PNG: transparent corners become white, the face keeps its colours', async () => {
    const image = await decodeImage(fixture('png-alpha-transparent-surround-man.png'), limits);
    expect([image.width, image.height]).toEqual([400, 400]);
    expect([...image.data.subarray(0, 3)]).toEqual([255, 255, 255]);
    const centre = (200 * 400 + 200) * 3;
    expect(image.data[centre]! + image.data[centre + 1]! + image.data[centre + 2]!).toBeLessThan(3 * 250);
  });

  it('decodes WebP', async () => {
    const image = await decodeImage(fixture('webp-smiling-woman-curly-hair.webp'), limits);
    expect([image.width, image.height]).toEqual([698, 790]);
  });

  it('decodes BMP, which sharp alone cannot read', async () => {
    const image = await decodeImage(bmp24(40, 33, [200, 100, 50]), limits);
    expect([image.width, image.height]).toEqual([40, 33]);
    expect([...image.data.subarray(0, 3)]).toEqual([200, 100, 50]);
  });

  it('converts CMYK and 16-bit inputs to 8-bit sRGB', async () => {
    const orange = { create: { width: 64, height: 64, channels: 3 as const, background: '#ff8000' } };
    const cmyk = await sharp(orange).toColourspace('cmyk').jpeg().toBuffer();
    const sixteen = await sharp(orange).toColourspace('rgb16').png().toBuffer();
    for (const input of [cmyk, sixteen]) {
      const image = await decodeImage(input, limits);
      expect(image.data.length).toBe(64 * 64 * 3);
      expect(image.data[0]).toBeGreaterThan(220);
      expect(image.data[2]).toBeLessThan(40);
    }
  });

  it('rejects an empty file', async () => {
    expect((await decodeError(Buffer.alloc(0))).code).toBe('empty_file');
  });

  it('rejects text renamed .jpg, a corrupt file and a truncated JPEG as invalid_image', async () => {
    const jpeg = fixture('dark-skin-man-frontal-beard.jpg');
    const corrupt = Buffer.from(jpeg);
    corrupt.fill(0x55, 600, 20_000);
    for (const input of [
      Buffer.from('this is not an image, just some text\n'),
      corrupt,
      jpeg.subarray(0, jpeg.length / 3),
    ]) {
      expect((await decodeError(input)).code).toBe('invalid_image');
    }
  });

  it('rejects a decompression bomb before decoding it', async () => {
    const error = await decodeError(bombPng());
    expect(error.code).toBe('image_too_large');
    expect(error.message).toContain('30000×30000');
  });

  it('rejects animated images and 1×1 pixel images', async () => {
    const frame = (colour: string) =>
      sharp({ create: { width: 64, height: 64, channels: 3, background: colour } })
        .png()
        .toBuffer();
    const frames = [await frame('#f00'), await frame('#00f')];
    const animatedWebp = await sharp(frames, { join: { animated: true } })
      .webp()
      .toBuffer();
    const animatedGif = await sharp(frames, { join: { animated: true } })
      .gif()
      .toBuffer();
    expect((await decodeError(animatedWebp)).code).toBe('animated_image');
    expect((await decodeError(animatedGif)).code).toBe('animated_image');
    const pixel = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    expect((await decodeError(pixel)).code).toBe('image_too_small');
  });

  it('rejects formats outside the contract (TIFF) as unsupported_format', async () => {
    const tiff = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#fff' } })
      .tiff()
      .toBuffer();
    expect((await decodeError(tiff)).code).toBe('unsupported_format');
  });
});
