/**
 * What the stage tests share: the real fixture portraits (read-only, see SOURCES.md) and the models that
 * `npm run prepare:host` verified into docker/models/.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { processFieldDefaults } from '../../../api/processFields.ts';
import { createPipeline } from '../../../src/pipeline/createPipeline.ts';
import type { NativeShapePredictor } from '../../../src/pipeline/dlibAddon.ts';
import { dlibAddon } from '../../../src/pipeline/dlibAddon.ts';
import type { Pipeline, PipelineOptions } from '../../../src/pipeline/types.ts';
import { FIXTURES_DIR } from '../../support/fixtures.ts';

export const fixturesDir = FIXTURES_DIR;
export const modelsDir = path.resolve(import.meta.dirname, '..', '..', '..', 'models');
export const predictorPath = path.join(modelsDir, 'shape_predictor_68_face_landmarks.dat');

export function fixture(name: string): Buffer {
  return readFileSync(path.join(fixturesDir, name));
}

function requireModels(): void {
  const files = [predictorPath, 'isnet-medium.onnx', 'isnet-medium-any-size.onnx', 'isnet-medium-int8.onnx'];
  if (!files.every((file) => existsSync(path.resolve(modelsDir, file)))) {
    throw new Error(`Models missing in ${modelsDir}: run \`npm run prepare:host\` in docker/ first.`);
  }
}

let predictor: Promise<NativeShapePredictor> | null = null;

export function shapePredictor(): Promise<NativeShapePredictor> {
  requireModels();
  predictor ??= dlibAddon().loadShapePredictor(predictorPath);
  return predictor;
}

export function openPipeline(): Promise<Pipeline> {
  requireModels();
  return createPipeline({
    modelsDir,
    predictorPath,
    segmentationModel: 'isnet-medium',
    device: 'cpu',
    maxPixels: 50_000_000,
  });
}

/** The option table's defaults, as the app sends them. */
export const defaultOptions: PipelineOptions = processFieldDefaults();

/** Inference on this shared 2-core machine can take tens of seconds when others are busy. */
export const modelTimeout = 240_000;
