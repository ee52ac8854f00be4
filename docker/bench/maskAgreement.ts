/**
 * The bench's check on what the engine runs: the whole portrait made with the segmentation model as the
 * engine runs it on the CPU (the int8 graph) at a given input side, against the same portrait with the
 * float model at 1024 (the reference, as exported), compared as a user sees it —
 * the delivered PNG's alpha, thresholded at half (IoU of the opaque pixels). A side is acceptable only
 * where this is ≥ 0.98 on every fixture (inferenceSide.ts), and so is the int8 graph (int8Graph.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Pipeline, PipelineOptions } from '../src/pipeline/types.ts';

export const acceptedMaskIou = 0.98;

/** The delivered portrait's opaque pixels, or null when no face was found. */
async function opaquePixels(
  pipeline: Pipeline,
  photo: Buffer,
  options: PipelineOptions,
): Promise<Uint8Array | null> {
  const result = await pipeline.process(photo, options);
  if (!result.png) return null;
  const alpha = await sharp(result.png).ensureAlpha().extractChannel(3).raw().toBuffer();
  return alpha.map((value) => (value >= 128 ? 1 : 0));
}

export function maskIou(a: Uint8Array, b: Uint8Array): number {
  let both = 0;
  let either = 0;
  for (let i = 0; i < a.length; i += 1) {
    both += a[i]! & b[i]!;
    either += a[i]! | b[i]!;
  }
  return either === 0 ? 1 : both / either;
}

/**
 * IoU against the 1024 portrait, per side and per fixture (fixtures without a face are left out).
 * `open(side, floatOnCpu)` gives a pipeline that segments at that side (null: as the engine chooses), with
 * the float graph when asked (the reference); each is closed before the next opens, so that only one model
 * session is in memory at a time.
 */
export async function maskAgreement(
  fixturesDir: string,
  fixtures: string[],
  sides: (number | null)[],
  options: PipelineOptions,
  open: (side: number | null, floatOnCpu: boolean) => Promise<Pipeline>,
): Promise<Record<string, Record<string, number>>> {
  const photos = fixtures.map((name) => ({ name, bytes: readFileSync(path.join(fixturesDir, name)) }));
  const reference = new Map<string, Uint8Array>();
  const full = await open(1024, true);
  for (const photo of photos) {
    const opaque = await opaquePixels(full, photo.bytes, options);
    if (opaque) reference.set(photo.name, opaque);
  }
  await full.close();
  const bySide: Record<string, Record<string, number>> = {};
  for (const side of sides) {
    const pipeline = await open(side, false);
    const row: Record<string, number> = {};
    for (const photo of photos) {
      const expected = reference.get(photo.name);
      const opaque = expected && (await opaquePixels(pipeline, photo.bytes, options));
      if (expected && opaque) row[photo.name] = Number(maskIou(opaque, expected).toFixed(4));
    }
    await pipeline.close();
    bySide[side === null ? 'chosen' : String(side)] = row;
  }
  return bySide;
}
