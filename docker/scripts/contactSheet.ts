/**
 * `npm run contact-sheet` (root): every fixture portrait through the engine pipeline on the host, in one
 * picture to look at: per row the original, the portrait on a colour far from any wall (oval off, red) and
 * the portrait as delivered by default (PNG over a checkerboard, so transparency shows). Written to
 * test-output/contact-sheet.png with a JSON of the measurements beside it.
 *
 *   node scripts/contactSheet.ts [--out DIR]
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { processFieldDefaults } from '../api/processFields.ts';
import { createPipeline } from '../src/pipeline/createPipeline.ts';
import type { PipelineOptions } from '../src/pipeline/types.ts';
import { FIXTURES_DIR } from '../test/support/fixtures.ts';

const { values } = parseArgs({
  options: { out: { type: 'string', default: path.resolve(import.meta.dirname, '..', '..', 'test-output') } },
});
const outDir = path.resolve(values.out);
const engineRoot = path.resolve(import.meta.dirname, '..');
const modelsDir = path.join(engineRoot, 'models');
const tile = 324;
const labelHeight = 34;
const red = { r: 200, g: 30, b: 40 };
const delivered: PipelineOptions = processFieldDefaults();
const onColour: PipelineOptions = {
  ...delivered,
  background_r: red.r,
  background_g: red.g,
  background_b: red.b,
  use_oval_mask: false,
};

const escapeXml = (text: string) =>
  text.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!);

async function checkerboard(): Promise<Buffer> {
  const cell = 12;
  const data = Buffer.alloc(tile * tile * 3);
  for (let y = 0; y < tile; y += 1) {
    for (let x = 0; x < tile; x += 1) {
      const v = (Math.floor(x / cell) + Math.floor(y / cell)) % 2 ? 200 : 255;
      data.fill(v, (y * tile + x) * 3, (y * tile + x) * 3 + 3);
    }
  }
  return sharp(data, { raw: { width: tile, height: tile, channels: 3 } })
    .png()
    .toBuffer();
}

async function tileOf(image: Buffer, under?: Buffer): Promise<Buffer> {
  const fitted = await sharp(image)
    .rotate()
    .resize(tile, tile, { fit: 'contain', background: { r: 255, g: 255, b: 255, alpha: 0 } })
    .png()
    .toBuffer();
  const base =
    under ??
    (await sharp({ create: { width: tile, height: tile, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer());
  return sharp(base)
    .composite([{ input: fitted }])
    .png()
    .toBuffer();
}

async function label(text: string, width: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${labelHeight}"><rect width="100%" height="100%" fill="#222"/><text x="6" y="22" font-family="sans-serif" font-size="15" fill="#fff">${escapeXml(text)}</text></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const pipeline = await createPipeline({
  modelsDir,
  predictorPath: path.join(modelsDir, 'shape_predictor_68_face_landmarks.dat'),
  segmentationModel: 'isnet-medium',
  device: 'cpu',
  maxPixels: 50_000_000,
});
const names = readdirSync(FIXTURES_DIR)
  .filter((name) => /\.(jpe?g|png|webp)$/i.test(name))
  .sort();
const board = await checkerboard();
const rows: Buffer[] = [];
const report: Record<string, unknown> = {};
for (const name of names) {
  const bytes = readFileSync(path.join(FIXTURES_DIR, name));
  const coloured = await pipeline.process(bytes, onColour);
  const plain = await pipeline.process(bytes, delivered);
  const m = plain.measurements;
  const text = m
    ? `${name}  head ${(m.head_height_ratio * 100).toFixed(0)} %  centre ${(m.center_offset_ratio * 100).toFixed(1)} %  roll ${m.roll_before_deg.toFixed(1)}° → ${m.roll_after_deg.toFixed(1)}°`
    : `${name}  no face`;
  report[name] = { measurements: m ?? null, transform: plain.transform ?? null, timings: plain.timings };
  const tiles = [
    await tileOf(bytes),
    coloured.png
      ? await tileOf(
          coloured.png,
          await sharp({ create: { width: tile, height: tile, channels: 3, background: red } })
            .png()
            .toBuffer(),
        )
      : await tileOf(bytes),
    plain.png ? await tileOf(plain.png, board) : await tileOf(bytes),
  ];
  const row = await sharp({
    create: { width: tile * 3, height: tile + labelHeight, channels: 3, background: '#222' },
  })
    .composite([
      { input: await label(text, tile * 3), left: 0, top: 0 },
      ...tiles.map((input, i) => ({ input, left: i * tile, top: labelHeight })),
    ])
    .png()
    .toBuffer();
  rows.push(row);
  console.log(text);
}
await pipeline.close();
mkdirSync(outDir, { recursive: true });
const rowHeight = tile + labelHeight;
const sheet = await sharp({
  create: { width: tile * 3, height: rowHeight * rows.length, channels: 3, background: '#222' },
})
  .composite(rows.map((input, i) => ({ input, left: 0, top: i * rowHeight })))
  .png()
  .toBuffer();
writeFileSync(path.join(outDir, 'contact-sheet.png'), sheet);
writeFileSync(path.join(outDir, 'contact-sheet.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(`contact sheet: ${path.join(outDir, 'contact-sheet.png')}`);
