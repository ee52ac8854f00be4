/**
 * The engine's pipeline: loads and verifies every model, then runs the stages on each upload:
 * decode → detect (rotated retries) → landmarks → align → segment a generous region → frame from the
 * head (crown from the mask, chin from the landmarks) → render through one affine map (colour, mask,
 * photo coverage) → level check → touch-up → decontaminate → mask → encode.
 */
import { predictorSha256 } from '../models/modelFiles.ts';
import { findSegmentationModel } from '../models/segmentationModels.ts';
import { verifyModelFile } from '../models/verifiedModelFile.ts';
import { type Affine, applyAffine, composeAffine, frameMap, invertAffine, rotationAbout } from './affine.ts';
import { alignFace } from './alignFace.ts';
import { decodeImage } from './decodeImage.ts';
import { estimateForeground } from './decontaminate.ts';
import { detectFaces, roundedBox } from './detectFaces.ts';
import { type DlibAddon, dlibAddon, type NativeShapePredictor } from './dlibAddon.ts';
import { documentCrop } from './documentFraming.ts';
import { exposureGain } from './exposure.ts';
import { faceLandmarks, rotatedFaceLandmarks } from './faceLandmarks.ts';
import {
  type FaceFeatures,
  faceFeatures,
  fittedFrame,
  guessedFrame,
  headExtent,
  segmentationRegion,
  type UprightRect,
} from './headFrame.ts';
import { inferenceSide } from './inferenceSide.ts';
import { measureRoll } from './levelPortrait.ts';
import { portraitAlpha } from './ovalMask.ts';
import { photoCoverage } from './photoCoverage.ts';
import { portraitMeasurements, portraitTransform } from './portraitReport.ts';
import { encodePortrait, placePortrait } from './renderPortrait.ts';
import { absentRestorationType, bundledFaceRestorer, type FaceRestorer } from './restoreFace.ts';
import { type GreyImage, type RgbImage, toGrey } from './rgbImage.ts';
import { sampleAffine, sampleAffineFiltered } from './sampleAffine.ts';
import {
  createSegmentationSession,
  type SegmentationSession,
  segmentationGraphs,
} from './segmentationSession.ts';
import { segmentCrop } from './segmentCrop.ts';
import { type RegionMask, segmentRegion } from './segmentRegion.ts';
import { touchUp } from './touchUp.ts';
import {
  backgroundOf,
  type DeviceInfo,
  type ModelInfo,
  type Pipeline,
  type PipelineConfig,
  PipelineError,
  type PipelineLogger,
  type PipelineOptions,
  type PipelineResult,
} from './types.ts';
import { warmUpImage } from './warmUpImage.ts';
import { whiteBalanceGains } from './whiteBalance.ts';

const silentLogger: PipelineLogger = { info: () => {}, warn: () => {} };
/** The level check turns the portrait only when the eyes are more than this off (degrees). */
const levelTolerance = 1;

class Stopwatch {
  readonly timings: Record<string, number> = {};
  async time<T>(stage: string, work: () => Promise<T> | T): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.timings[stage] = Math.round(((this.timings[stage] ?? 0) + performance.now() - start) * 10) / 10;
    }
  }
}

interface Rendered {
  colour: RgbImage;
  segmentation: GreyImage;
  coverage: ReturnType<typeof photoCoverage>;
}

class FacecraftPipeline implements Pipeline {
  readonly #addon: DlibAddon;
  readonly #predictor: NativeShapePredictor;
  readonly #segmentation: SegmentationSession;
  readonly #restorer: FaceRestorer | null;
  readonly #maxPixels: number;
  readonly #segmentationSide: number | null;
  #closed = false;

  constructor(
    addon: DlibAddon,
    predictor: NativeShapePredictor,
    segmentation: SegmentationSession,
    restorer: FaceRestorer | null,
    maxPixels: number,
    segmentationSide: number | null,
  ) {
    this.#addon = addon;
    this.#predictor = predictor;
    this.#segmentation = segmentation;
    this.#restorer = restorer;
    this.#maxPixels = maxPixels;
    this.#segmentationSide = segmentationSide;
  }

  async process(input: Buffer, options: PipelineOptions): Promise<PipelineResult> {
    if (this.#closed) throw new PipelineError('processing_failed', 'The engine is shutting down.');
    const clock = new Stopwatch();
    const outputSize = { width: options.width, height: options.height };
    const background = backgroundOf(options);
    const image = await clock.time('decode', () => decodeImage(input, { maxPixels: this.#maxPixels }));
    const detection = await clock.time('detect', () => detectFaces(image, this.#addon));
    const face = detection.faces[0];
    if (!face) {
      return {
        faceDetected: false,
        faceCount: 0,
        facePosition: null,
        png: null,
        jpg: null,
        outputSize,
        timings: clock.timings,
      };
    }
    const landmarks = await clock.time('landmarks', () => {
      const grey = toGrey(image);
      const rotated = detection.rotated;
      return rotated
        ? rotatedFaceLandmarks(grey, rotated.imageToView, rotated.boxes[0]!, this.#predictor)
        : faceLandmarks(grey, face, this.#predictor);
    });
    const alignment = await clock.time('align', () => alignFace(landmarks));
    const sourceToUpright = rotationAbout(alignment.centre, -alignment.angle);
    const features = faceFeatures(alignment);
    const { width, height } = options;

    // The model sees a generous square around the guessed frame; the crown is read from its mask. Its
    // input side follows the pixels the region spans in the portrait (inferenceSide.ts).
    const outputPerUpright = height / guessedFrame(features, options.face_margin, width, height).height;
    const segment = (region: UprightRect) => {
      const side =
        this.#segmentationSide ?? inferenceSide(this.#segmentation.model, region.width * outputPerUpright);
      return clock.time('segment', () =>
        segmentRegion(image, sourceToUpright, region, this.#segmentation, side),
      );
    };
    let mask = await segment(segmentationRegion(features, options.face_margin, width, height));
    let head = headExtent(mask.mask, mask.region, features);
    const regionTopInPhoto = applyAffine(invertAffine(sourceToUpright), {
      x: features.centreX,
      y: mask.region.top,
    });
    if (head.touchesTop && regionTopInPhoto.y > 0) {
      // Big hair went past the region's top while the photo goes on: look again, higher and larger.
      const side = mask.region.width * 1.3;
      mask = await segment({
        left: mask.region.left + mask.region.width / 2 - side / 2,
        top: mask.region.top - 0.3 * mask.region.width,
        width: side,
        height: side,
      });
      head = headExtent(mask.mask, mask.region, features);
    }

    const sourceToOutput0 = await clock.time('frame', () => {
      const uprightToSource = invertAffine(sourceToUpright);
      const corners = (rect: UprightRect) =>
        [
          [rect.left, rect.top],
          [rect.left + rect.width, rect.top],
          [rect.left, rect.top + rect.height],
          [rect.left + rect.width, rect.top + rect.height],
        ].map(([x, y]) => applyAffine(uprightToSource, { x: x!, y: y! }));
      // A head-height target (document photos) frames by the rule; otherwise by the margin.
      const frame: UprightRect =
        options.target_head_ratio > 0
          ? documentFrame(features, head.crown, options)
          : fittedFrame(features, head, options.face_margin, options, corners, image, alignment.angle);
      return composeAffine(frameMap(frame.left, frame.top, height / frame.height), sourceToUpright);
    });

    let sourceToOutput = sourceToOutput0;
    let rendered = await clock.time('render', () => this.#render(image, mask, sourceToOutput, width, height));
    // Look once more at the portrait as a viewer would: on a ¾ view the landmarks on the tilted photo can
    // leave the eyes a few degrees off; then the map is turned about the eyes and the portrait re-rendered.
    let rollAfter: number | null = null;
    const roll = await clock.time('level', () =>
      measureRoll(rendered.colour, rendered.segmentation, background, this.#addon, this.#predictor),
    );
    if (roll) {
      rollAfter = roll.degrees;
      if (Math.abs(roll.degrees) > levelTolerance) {
        const turn = rotationAbout(roll.centre, (-roll.degrees * Math.PI) / 180);
        sourceToOutput = composeAffine(turn, sourceToOutput);
        rendered = await clock.time('render', () => this.#render(image, mask, sourceToOutput, width, height));
        rollAfter = 0;
      }
    }

    let colour = rendered.colour;
    if (options.touch_up) {
      const portrait = colour;
      colour = await clock.time('touch_up', () =>
        touchUp(portrait, { exposureGain: exposureGain(image), whiteBalance: whiteBalanceGains(image) }),
      );
    }
    if (options.enhance_face && this.#restorer) {
      const restorer = this.#restorer;
      const eyes = [landmarks.leftEye, landmarks.rightEye].map((p) => applyAffine(sourceToOutput, p));
      const side = Math.hypot(eyes[1]!.x - eyes[0]!.x, eyes[1]!.y - eyes[0]!.y) * 4;
      const faceAt = { x: (eyes[0]!.x + eyes[1]!.x) / 2, y: (eyes[0]!.y + eyes[1]!.y) / 2, side };
      colour = await clock.time('restore', () => restorer.restore(colour, faceAt, options.enhance_fidelity));
    }
    colour = await clock.time('decontaminate', () => estimateForeground(colour, rendered.segmentation));
    const portrait = await clock.time('mask', () => {
      const alpha = portraitAlpha(rendered.segmentation, rendered.coverage.data, options.use_oval_mask);
      return placePortrait(colour, alpha, background);
    });
    const encoded = await clock.time('encode', () => encodePortrait(portrait, background));

    const uprightToSource = invertAffine(sourceToUpright);
    return {
      faceDetected: true,
      faceCount: detection.faces.length,
      facePosition: roundedBox(face),
      png: encoded.png,
      jpg: encoded.jpg,
      outputSize,
      timings: clock.timings,
      transform: portraitTransform(sourceToOutput, image, outputSize, alignment.centre, rendered.coverage),
      measurements: portraitMeasurements(
        sourceToOutput,
        outputSize,
        landmarks,
        {
          crown: applyAffine(uprightToSource, { x: features.centreX, y: head.crown }),
          centre: applyAffine(uprightToSource, { x: features.centreX, y: features.eyeLine }),
        },
        rollAfter,
      ),
    };
  }

  /** The portrait's colour, subject mask and photo coverage, all read through one source → output map. */
  async #render(
    image: RgbImage,
    mask: RegionMask,
    sourceToOutput: Affine,
    width: number,
    height: number,
  ): Promise<Rendered> {
    const outputToSource = invertAffine(sourceToOutput);
    const scale = Math.sqrt(
      Math.abs(sourceToOutput[0] * sourceToOutput[3] - sourceToOutput[1] * sourceToOutput[2]),
    );
    const colour = await sampleAffineFiltered({ ...image, channels: 3 }, outputToSource, width, height);
    const segmentation = sampleAffine(
      { ...mask.mask, channels: 1 },
      composeAffine(mask.sourceToMask, outputToSource),
      width,
      height,
    );
    return {
      colour: {
        data: Buffer.from(colour.data.buffer, colour.data.byteOffset, colour.data.length),
        width,
        height,
      },
      segmentation: { data: segmentation.data, width, height },
      coverage: photoCoverage(outputToSource, width, height, image, scale),
    };
  }

  async warmUp(): Promise<void> {
    const image = warmUpImage();
    await detectFaces(image, this.#addon);
    const grey = toGrey(image);
    const box = { x: image.width / 4, y: image.height / 4, width: image.width / 2, height: image.height / 2 };
    const landmarks = faceLandmarks(grey, box, this.#predictor);
    if (landmarks.points.length !== 68 || !landmarks.points.every((p) => Number.isFinite(p.x))) {
      throw new Error('warm-up: the shape predictor gave no 68 landmarks');
    }
    const alpha = await segmentCrop(image, this.#segmentation);
    if (alpha.data.length !== image.width * image.height)
      throw new Error('warm-up: segmentation gave no mask');
  }

  models(): Record<string, ModelInfo> {
    const loaded = !this.#closed;
    return {
      face_detector: { loaded, type: 'dlib_frontal_face' },
      face_landmarks: { loaded, type: 'shape_predictor_68' },
      // Without a restoration model enhance_face is accepted and skipped (restoreFace.ts).
      face_enhancer: this.#restorer
        ? { loaded, type: this.#restorer.model.type }
        : { loaded: false, type: absentRestorationType },
      background_remover: { loaded, type: this.#segmentation.model.type },
    };
  }

  device(): DeviceInfo {
    return this.#segmentation.device;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#segmentation.release();
  }
}

export async function createPipeline(config: PipelineConfig): Promise<Pipeline> {
  const logger = config.logger ?? silentLogger;
  const model = findSegmentationModel(config.segmentationModel);
  const addon = dlibAddon();
  // The segmentation session checks the graph it opens; the predictor is checked here.
  const [predictor, segmentation] = await Promise.all([
    verifyModelFile(config.predictorPath, predictorSha256).then(() =>
      addon.loadShapePredictor(config.predictorPath),
    ),
    createSegmentationSession(
      segmentationGraphs(model, config.modelsDir, config.floatOnCpu),
      model,
      config.device,
      logger,
    ),
  ]);
  return new FacecraftPipeline(
    addon,
    predictor,
    segmentation,
    bundledFaceRestorer(),
    config.maxPixels,
    config.segmentationSide ?? null,
  );
}

/** The upright frame that puts crown-to-chin and the eye line where the targets say (documentFraming.ts). */
function documentFrame(
  features: FaceFeatures,
  crown: number,
  options: Pick<PipelineOptions, 'width' | 'height' | 'target_head_ratio' | 'target_eye_line'>,
): UprightRect {
  const crop = documentCrop(
    { crownY: crown, chinY: features.chin, eyeLineY: features.eyeLine, centerX: features.centreX },
    {
      headRatio: options.target_head_ratio,
      eyeLineFromBottom: options.target_eye_line > 0 ? options.target_eye_line : null,
      width: options.width,
      height: options.height,
    },
    // Where the photo ends is handled by photoCoverage (extended background), not by the crop.
    { width: Number.POSITIVE_INFINITY, height: Number.POSITIVE_INFINITY },
  );
  return { left: crop.x, top: crop.y, width: crop.width, height: crop.height };
}
