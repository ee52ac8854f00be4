/**
 * `node bench/maskAgreementSheet.ts [--side 1024] [--out DIR]`: where the portraits the engine makes on the
 * CPU (the int8 graph, at --side) differ from the float graph's at 1024, to look at (the bench's mask
 * agreement gives the numbers). Per fixture with a face: the reference portrait on green, then its opaque
 * pixels — grey where both agree, red only in the reference, blue only in the engine's.
 * Written to test-output/mask-agreement-<side>.png.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { processFieldDefaults } from '../api/processFields.ts';
import { createPipeline } from '../src/pipeline/createPipeline.ts';
import type { Pipeline } from '../src/pipeline/types.ts';
import { FIXTURES_DIR } from '../test/support/fixtures.ts';
import { maskIou } from './maskAgreement.ts';

const { values } = parseArgs({
  options: {
    side: { type: 'string', default: '1024' },
    out: { type: 'string', default: path.resolve(import.meta.dirname, '..', '..', 'test-output') },
  },
});
const side = Number(values.side);
const modelsDir = path.resolve(import.meta.dirname, '..', 'models');
const options = processFieldDefaults();
const tile = 256;
const open = (segmentationSide: number, floatOnCpu: boolean) =>
  createPipeline({
    modelsDir,
    predictorPath: path.join(modelsDir, 'shape_predictor_68_face_landmarks.dat'),
    segmentationModel: 'isnet-medium',
    device: 'cpu',
    maxPixels: 50_000_000,
    segmentationSide,
    floatOnCpu,
  });

async function portraits(pipeline: Pipeline, names: string[]): Promise<Map<string, Buffer>> {
  const pngs = new Map<string, Buffer>();
  for (const name of names) {
    const result = await pipeline.process(readFileSync(path.join(FIXTURES_DIR, name)), options);
    if (result.png) pngs.set(name, result.png);
  }
  await pipeline.close();
  return pngs;
}

const opaque = async (png: Buffer) =>
  (await sharp(png).ensureAlpha().extractChannel(3).raw().toBuffer()).map((a) => (a >= 128 ? 1 : 0));

const names = readdirSync(FIXTURES_DIR).filter((name) => /\.(jpe?g|png|webp)$/i.test(name));
const full = await portraits(await open(1024, true), names);
const small = await portraits(await open(side, false), names);
const tiles: { input: Buffer; left: number; top: number }[] = [];
const labels: string[] = [];
for (const [name, png] of full) {
  const [a, b] = [await opaque(png), await opaque(small.get(name)!)];
  const width = Math.round(Math.sqrt(a.length));
  const rgb = Buffer.alloc(a.length * 3);
  for (let i = 0; i < a.length; i += 1) {
    const colour = a[i]! && b[i]! ? [200, 200, 200] : a[i]! ? [255, 0, 0] : b[i]! ? [0, 0, 255] : [0, 0, 0];
    rgb.set(colour, i * 3);
  }
  const row = tiles.length / 2;
  const top = row * (tile + 24) + 24;
  tiles.push(
    {
      input: await sharp(png).flatten({ background: '#30a030' }).resize(tile, tile).png().toBuffer(),
      left: 0,
      top,
    },
    {
      input: await sharp(rgb, { raw: { width, height: width, channels: 3 } })
        .resize(tile, tile)
        .png()
        .toBuffer(),
      left: tile,
      top,
    },
  );
  labels.push(
    `<text x="4" y="${top - 6}" font-size="14" fill="white">${name} IoU ${maskIou(a, b).toFixed(4)}</text>`,
  );
}
const height = (tiles.length / 2) * (tile + 24);
const text = Buffer.from(`<svg width="${2 * tile}" height="${height}">${labels.join('')}</svg>`);
mkdirSync(values.out, { recursive: true });
const file = path.join(values.out, `mask-agreement-${side}.png`);
await sharp({ create: { width: 2 * tile, height, channels: 3, background: '#202020' } })
  .composite([...tiles, { input: text, left: 0, top: 0 }])
  .png()
  .toFile(file);
console.log(`mask agreement at ${side} against 1024: ${file}`);
