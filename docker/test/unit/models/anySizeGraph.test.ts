import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rewriteForAnySize } from '../../../src/models/anySizeGraph.ts';
import { findSegmentationModel } from '../../../src/models/segmentationModels.ts';
import { stretchedPortrait } from '../../support/stretchedPortrait.ts';
import { fixture, modelsDir, modelTimeout } from '../support/engineFixtures.ts';

const model = findSegmentationModel('isnet-medium');
const anySize = model.anySize!;
const sessionOptions: ort.InferenceSession.SessionOptions = {
  executionProviders: ['cpu'],
  graphOptimizationLevel: 'all',
  interOpNumThreads: 1,
  enableMemPattern: false,
};
let original: ort.InferenceSession;
let rewritten: ort.InferenceSession;

beforeAll(async () => {
  original = await ort.InferenceSession.create(path.join(modelsDir, model.fileName), sessionOptions);
  rewritten = await ort.InferenceSession.create(path.join(modelsDir, anySize.fileName), sessionOptions);
}, modelTimeout);

afterAll(async () => {
  await original?.release();
  await rewritten?.release();
});

/** A real portrait stretched to side × side, normalised as the engine feeds IS-Net. */
async function portraitInput(name: string, side: number): Promise<ort.Tensor> {
  const input = await stretchedPortrait(fixture(name), side, model.normalisation);
  return new ort.Tensor('float32', input, [1, 3, side, side]);
}

async function mask(session: ort.InferenceSession, input: ort.Tensor): Promise<Float32Array> {
  const output = (await session.run({ input }, ['output'])).output!;
  return output.data as Float32Array;
}

/**
 * Where the subject is, in shares of the side: its top row, and the middle of its silhouette on rows
 * 30 %, 40 % and 50 % down. A graph whose sizes were wrong at some level would shift or scale these;
 * the model's confidence on the body may change with the size, its position must not.
 */
function placement(values: Float32Array, side: number): number[] {
  const opaque = (x: number, y: number) => values[y * side + x]! >= 0.5;
  let top = 0;
  while (top < side && !Array.from({ length: side }, (_, x) => opaque(x, top)).some(Boolean)) top += 1;
  const middles = [0.3, 0.4, 0.5].map((share) => {
    const row = Math.floor(share * side);
    let left = 0;
    while (left < side - 1 && !opaque(left, row)) left += 1;
    let right = side - 1;
    while (right > left && !opaque(right, row)) right -= 1;
    return (left + right + 1) / 2 / side;
  });
  return [top / side, ...middles];
}

describe('the any-size IS-Net graph', () => {
  it('is exactly the file the models stage records: 39 Resize targets rewritten, same sha256 and size', async () => {
    const { model: bytes, resizes } = rewriteForAnySize(readFileSync(path.join(modelsDir, model.fileName)));
    expect(resizes).toBe(39);
    expect(bytes.length).toBe(anySize.sizeBytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(anySize.sha256);
  });

  it(
    'gives the original model’s mask at 1024 on a real portrait (max abs difference ≤ 2e-3, fp16 noise)',
    async () => {
      const input = await portraitInput('glasses-grey-beard-side-lit-older-man.jpg', 1024);
      const [before, after] = [await mask(original, input), await mask(rewritten, input)];
      expect(after.length).toBe(1024 * 1024);
      let maxDifference = 0;
      let flipped = 0;
      for (let i = 0; i < before.length; i += 1) {
        maxDifference = Math.max(maxDifference, Math.abs(before[i]! - after[i]!));
        if (before[i]! >= 0.5 !== after[i]! >= 0.5) flipped += 1;
      }
      // fp16 weights: one unit in the last place is ≈ 1e-3 near 1; measured here 4–5e-4, 0–5 pixels flipped.
      expect(maxDifference).toBeLessThanOrEqual(2e-3);
      expect(flipped).toBeLessThan(1024 * 1024 * 1e-4);
    },
    modelTimeout,
  );

  it(
    'runs at 640, a size the original refuses, with the subject’s outline where it is at 1024',
    async () => {
      const name = 'glasses-grey-beard-side-lit-older-man.jpg';
      await expect(mask(original, await portraitInput(name, 640))).rejects.toThrow();
      const small = await mask(rewritten, await portraitInput(name, 640));
      expect(small.length).toBe(640 * 640);
      const full = placement(await mask(rewritten, await portraitInput(name, 1024)), 1024);
      const at640 = placement(small, 640);
      // Half a percent of the side is 3 px at 640 (measured: under 0.4 %).
      for (const [i, share] of at640.entries()) expect(Math.abs(share - full[i]!)).toBeLessThan(0.005);
    },
    modelTimeout,
  );
});
