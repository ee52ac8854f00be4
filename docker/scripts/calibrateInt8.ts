/**
 * Developer tool: records the activation ranges the int8 graph is quantised over (int8Graph.ts) into
 * src/models/<model>-int8-ranges.json, which is committed; the models stage only reads it. Run after
 * changing the model, the quantisation points or the recipe, then update the int8 graph's sha256 and
 * size in segmentationModels.ts and check the bench's mask agreement (every fixture ≥ 0.98).
 *
 *   node scripts/calibrateInt8.ts [--segmentation isnet-medium]
 *
 * The recipe, measured against the fp16 graph at 1024 on the fixtures' portraits (README, "How fast"):
 * - the fp32 graph runs on every fixture photo, whole, stretched to 512 × 512, and each activation's
 *   range is its minimum and maximum over them;
 * - the ranges are then narrowed to 0.7 of that. Activations here have long tails (on the engine's own
 *   1024 regions the decoder's reach 40–80× their typical size in a few pixels); ranges wide enough for
 *   them leave too few levels where the mask is decided, and portraits lose whole shoulders (IoU 0.8–0.9).
 *   0.7 was the best of 0.5, 0.7, 1 and 1.5: its lowest portrait agreement was the highest;
 * - the model input's range is exact, from the normalisation (all of 0..255).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { quantizationPoints, toFloat32Graph } from '../src/models/int8Graph.ts';
import { defaultSegmentationModel, findSegmentationModel } from '../src/models/segmentationModels.ts';
import { FIXTURES_DIR } from '../test/support/fixtures.ts';
import { stretchedPortrait } from '../test/support/stretchedPortrait.ts';

const calibrationSide = 512;
const rangeShare = 0.7;
/** Extra graph outputs per calibration session: more holds every activation of a 1024 pass in memory. */
const outputsPerPass = 25;

const { values } = parseArgs({
  options: { segmentation: { type: 'string', default: defaultSegmentationModel } },
});
const segmentation = findSegmentationModel(values.segmentation);
const int8 = segmentation.cpuInt8;
if (!segmentation.anySize || !int8) {
  console.error(`${segmentation.name} has no int8 graph to calibrate.`);
  process.exit(2);
}
const engineRoot = path.resolve(import.meta.dirname, '..');
const { onnx } = onnxProto;
const model = onnx.ModelProto.decode(
  readFileSync(path.join(engineRoot, 'models', segmentation.anySize.fileName)),
);
toFloat32Graph(model, segmentation.outputName);
const floatBytes = onnx.ModelProto.encode(model).finish();
const inputName = model.graph?.input?.[0]?.name ?? 'input';
const { activations } = quantizationPoints(model.graph!, int8.floatConvs);

async function photoInput(file: string): Promise<ort.Tensor> {
  const input = await stretchedPortrait(
    path.join(FIXTURES_DIR, file),
    calibrationSide,
    segmentation.normalisation,
  );
  return new ort.Tensor('float32', input, [1, 3, calibrationSide, calibrationSide]);
}

const photos = readdirSync(FIXTURES_DIR).filter((name) => /\.(jpe?g|png|webp)$/i.test(name));
const inputs = await Promise.all(photos.map(photoInput));
const ranges = new Map<string, [number, number]>();
const measured = activations.filter((name) => name !== inputName);
for (let start = 0; start < measured.length; start += outputsPerPass) {
  const batch = measured.slice(start, start + outputsPerPass);
  const probe = onnx.ModelProto.decode(floatBytes);
  const outputs = new Set(probe.graph!.output!.map((value) => value.name));
  for (const name of batch)
    if (!outputs.has(name)) probe.graph!.output!.push(onnx.ValueInfoProto.create({ name }));
  const session = await ort.InferenceSession.create(onnx.ModelProto.encode(probe).finish(), {
    graphOptimizationLevel: 'basic',
  });
  for (const input of inputs) {
    const result = await session.run({ [inputName]: input }, batch);
    for (const name of batch) {
      const [low, high] = ranges.get(name) ?? [0, 0];
      let [least, most] = [low, high];
      for (const value of result[name]!.data as Float32Array) {
        if (value < least) least = value;
        if (value > most) most = value;
      }
      ranges.set(name, [least, most]);
    }
  }
  await session.release();
  console.log(
    `calibrated ${Math.min(start + outputsPerPass, measured.length)} / ${measured.length} activations`,
  );
}

const { mean, std } = segmentation.normalisation;
const rounded = (value: number) => Number(value.toPrecision(6));
const record: Record<string, [number, number]> = {};
if (activations.includes(inputName)) {
  // The same for every channel in IS-Net's normalisation; the widest channel's where it is not.
  record[inputName] = [
    Math.min(...mean.map((m, c) => (0 - m) / std[c]!)),
    Math.max(...mean.map((m, c) => (255 - m) / std[c]!)),
  ];
}
for (const [name, [low, high]] of ranges)
  record[name] = [rounded(low * rangeShare), rounded(high * rangeShare)];
const out = path.join(engineRoot, 'src', 'models', int8.rangesFile);
// One tensor per line, as the formatter (biome) writes it.
const lines = Object.entries(record).map(
  ([name, range]) => `  ${JSON.stringify(name)}: [${range.join(', ')}]`,
);
writeFileSync(out, `{\n${lines.join(',\n')}\n}\n`);
console.log(`wrote ${Object.keys(record).length} ranges from ${photos.length} photos to ${out}`);
