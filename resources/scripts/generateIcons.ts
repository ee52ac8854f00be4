/**
 * Renders resources/icon.svg into every icon electron-builder needs:
 *   resources/icons/<n>x<n>.png (16…1024, Linux), resources/icon.png (1024),
 *   resources/icon.ico (Windows: PNG-compressed entries 16…256), resources/icon.icns (macOS).
 * The ICO and ICNS containers are written here (both are a small header plus PNG payloads), so the
 * only dependency is sharp, taken from the engine package (docker/node_modules).
 *
 *   node resources/scripts/generateIcons.ts
 */

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

type SharpFactory = (
  input: Buffer,
  options?: { density?: number },
) => {
  resize(
    width: number,
    height: number,
  ): { png(options?: { compressionLevel?: number }): { toBuffer(): Promise<Buffer> } };
};

const RESOURCES = path.resolve(import.meta.dirname, '..');
const SIZES = [16, 32, 48, 64, 128, 256, 512, 1024] as const;
const ICO_SIZES = [16, 32, 48, 64, 128, 256] as const;
// ICNS entry types holding PNG data, by pixel size (the @2x types reuse the larger renders).
const ICNS_ENTRIES: [string, number][] = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

export function icoFile(pngs: { size: number; data: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(pngs.length, 4);
  const directory = Buffer.alloc(16 * pngs.length);
  let offset = header.length + directory.length;
  pngs.forEach(({ size, data }, i) => {
    const at = i * 16;
    directory.writeUInt8(size >= 256 ? 0 : size, at); // 0 means 256
    directory.writeUInt8(size >= 256 ? 0 : size, at + 1);
    directory.writeUInt8(0, at + 2); // no palette
    directory.writeUInt8(0, at + 3);
    directory.writeUInt16LE(1, at + 4); // colour planes
    directory.writeUInt16LE(32, at + 6); // bits per pixel
    directory.writeUInt32LE(data.length, at + 8);
    directory.writeUInt32LE(offset, at + 12);
    offset += data.length;
  });
  return Buffer.concat([header, directory, ...pngs.map((p) => p.data)]);
}

export function icnsFile(entries: { type: string; data: Buffer }[]): Buffer {
  const chunks = entries.map(({ type, data }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

async function main(): Promise<void> {
  const require = createRequire(path.join(RESOURCES, '..', 'docker', 'package.json'));
  const sharp = require('sharp') as SharpFactory;
  const svg = await readFile(path.join(RESOURCES, 'icon.svg'));
  const png = new Map<number, Buffer>();
  for (const size of SIZES) {
    // Render at a density that gives at least the target size, so small icons are downsampled crisply.
    const density = Math.max(72, Math.ceil((72 * size) / 1024) * 2);
    png.set(size, await sharp(svg, { density }).resize(size, size).png({ compressionLevel: 9 }).toBuffer());
  }
  await mkdir(path.join(RESOURCES, 'icons'), { recursive: true });
  for (const [size, data] of png) await writeFile(path.join(RESOURCES, 'icons', `${size}x${size}.png`), data);
  await writeFile(path.join(RESOURCES, 'icon.png'), png.get(1024)!);
  await writeFile(
    path.join(RESOURCES, 'icon.ico'),
    icoFile(ICO_SIZES.map((size) => ({ size, data: png.get(size)! }))),
  );
  await writeFile(
    path.join(RESOURCES, 'icon.icns'),
    icnsFile(ICNS_ENTRIES.map(([type, size]) => ({ type, data: png.get(size)! }))),
  );
  console.log(`icons written to ${RESOURCES}`);
}

if (import.meta.main) await main();
