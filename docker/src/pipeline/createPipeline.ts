/**
 * The engine's pipeline: loads and verifies every model, then runs the stages on each upload
 * (decode → detect → landmarks → align → crop → segment ∥ (resize → enhance) → mask → level → encode).
 * Segmentation (ONNX Runtime, in its worker thread) and the photo work run at the same time; the photo
 * is enhanced and masked at output size.
 */
import path from 'node:path';
import { predictorSha256 } from '../models/modelFiles.ts';
import { findSegmentationModel } from '../models/segmentationModels.ts';
import { verifyModelFile } from '../models/verifiedModelFile.ts';
import { alignFace } from './alignFace.ts';
import { cropFace } from './cropFace.ts';
import { decodeImage } from './decodeImage.ts';
import { detectFaces, roundedBox } from './detectFaces.ts';
import { type DlibAddon, dlibAddon, type NativeShapePredictor } from './dlibAddon.ts';
import { enhancePhoto } from './enhancePhoto.ts';
import { faceLandmarks } from './faceLandmarks.ts';
import { fittedArea, resizeGrey, resizeRgb } from './fitPortrait.ts';
import { levelPortrait } from './levelPortrait.ts';
import { portraitAlpha } from './ovalMask.ts';
import { encodePortrait, placePortrait } from './renderPortrait.ts';
import { toGrey } from './rgbImage.ts';
import { createSegmentationSession, type SegmentationSession } from './segmentationSession.ts';
import { segmentCrop } from './segmentCrop.ts';
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

/** The crop is never made larger than this (or the output size): the model sees 1024 px anyway. */
const cropSide = 1024;
/** Share of the portrait crop added on each side as context for the segmentation model. */
const segmentationContext = 0.3;

const silentLogger: PipelineLogger = { info: () => {}, warn: () => {} };

class Stopwatch {
  readonly timings: Record<string, number> = {};
  async time<T>(stage: string, work: () => Promise<T> | T): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.timings[stage] = Math.round((performance.now() - start) * 10) / 10;
    }
  }
}

class FacecraftPipeline implements Pipeline {
  readonly #addon: DlibAddon;
  readonly #predictor: NativeShapePredictor;
  readonly #segmentation: SegmentationSession;
  readonly #maxPixels: number;
  #closed = false;

  constructor(
    addon: DlibAddon,
    predictor: NativeShapePredictor,
    segmentation: SegmentationSession,
    maxPixels: number,
  ) {
    this.#addon = addon;
    this.#predictor = predictor;
    this.#segmentation = segmentation;
    this.#maxPixels = maxPixels;
  }

  async process(input: Buffer, options: PipelineOptions): Promise<PipelineResult> {
    if (this.#closed) throw new PipelineError('processing_failed', 'The engine is shutting down.');
    const clock = new Stopwatch();
    const outputSize = { width: options.width, height: options.height };
    const background = backgroundOf(options);
    const image = await clock.time('decode', () => decodeImage(input, { maxPixels: this.#maxPixels }));
    const { faces } = await clock.time('detect', () => detectFaces(image, this.#addon));
    const face = faces[0];
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
    const landmarks = await clock.time('landmarks', () =>
      faceLandmarks(toGrey(image), face, this.#predictor),
    );
    const alignment = await clock.time('align', () => alignFace(landmarks));
    // The crop carries a context border for the model; the portrait is its inner part (crop.inner).
    const maxSide = Math.max(
      cropSide,
      Math.round((1 + 2 * segmentationContext) * Math.max(options.width, options.height)),
    );
    const crop = await clock.time('crop', () =>
      cropFace(image, alignment, options.face_margin, maxSide, segmentationContext),
    );
    const { inner } = crop;
    const area = fittedArea(inner.width, inner.height, options.width, options.height);
    const coverageImage = { data: crop.coverage, width: crop.image.width, height: crop.image.height };
    // The model (its own thread) and the photo work (sharp's threads and this one) overlap.
    const [segmentation, enhanced, coverage] = await Promise.all([
      clock.time('segment', () =>
        segmentCrop(crop.image, this.#segmentation, area.width, area.height, inner),
      ),
      clock
        .time('resize', () => resizeRgb(crop.image, area, inner))
        .then((fitted) => clock.time('enhance', () => enhancePhoto(fitted))),
      resizeGrey(coverageImage, area.width, area.height, inner),
    ]);
    const portrait = await clock.time('mask', () => {
      const alpha = portraitAlpha(segmentation, coverage.data, options.use_oval_mask);
      return placePortrait(enhanced, alpha, area, options.width, options.height, background);
    });
    const level = await clock.time('level', () =>
      levelPortrait(portrait, background, this.#addon, this.#predictor),
    );
    const encoded = await clock.time('encode', () => encodePortrait(level, background));
    return {
      faceDetected: true,
      faceCount: faces.length,
      facePosition: roundedBox(face),
      png: encoded.png,
      jpg: encoded.jpg,
      outputSize,
      timings: clock.timings,
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
      // No face-restoration model is bundled: enhance_face is accepted and skipped.
      face_enhancer: { loaded: false, type: 'codeformer' },
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
  const modelPath = path.join(config.modelsDir, model.fileName);
  await Promise.all([
    verifyModelFile(config.predictorPath, predictorSha256),
    verifyModelFile(modelPath, model.sha256),
  ]);
  const addon = dlibAddon();
  const [predictor, segmentation] = await Promise.all([
    addon.loadShapePredictor(config.predictorPath),
    createSegmentationSession(modelPath, model, config.device, logger),
  ]);
  return new FacecraftPipeline(addon, predictor, segmentation, config.maxPixels);
}
