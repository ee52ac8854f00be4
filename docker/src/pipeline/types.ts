/**
 * The seam between the HTTP service (src/server.ts, src/routes/) and the image pipeline
 * (src/pipeline/). The service only ever calls a Pipeline; the pipeline knows nothing of HTTP.
 */
import type { PortraitMeasurements, PortraitTransform } from '../../api/portraitGeometry.ts';
import type { ProcessFields } from '../../api/processFields.ts';

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/**
 * The processing options: every form field of the option table (../../api/processFields.ts), by its
 * form name; the pipeline reads the ones it acts on (return_base64 shapes only the HTTP answer).
 */
export type PipelineOptions = ProcessFields;

/** The background colour the options name. */
export function backgroundOf(options: PipelineOptions): Rgb {
  return { r: options.background_r, g: options.background_g, b: options.background_b };
}

export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PipelineResult {
  faceDetected: boolean;
  /** The true number of faces found. */
  faceCount: number;
  /** The chosen (largest) face, in the upright original image's pixel coordinates. */
  facePosition: FaceBox | null;
  /** null when no face was found. */
  png: Buffer | null;
  jpg: Buffer | null;
  outputSize: { width: number; height: number };
  /** Milliseconds per stage (decode, detect, landmarks, align, segment, frame, render, level, touch_up, decontaminate, mask, encode). */
  timings: Record<string, number>;
  /** The exact source → output geometry; absent when no face was found. */
  transform?: PortraitTransform;
  /** What was measured on the head, in output pixels; absent when no face was found. */
  measurements?: PortraitMeasurements;
}

export type PipelineErrorCode =
  | 'empty_file'
  | 'invalid_image'
  | 'unsupported_format'
  | 'image_too_large'
  | 'image_too_small'
  | 'animated_image'
  | 'processing_failed';

/** A problem with the input: the service answers 400 with this sentence. */
export class PipelineError extends Error {
  readonly code: PipelineErrorCode;

  constructor(code: PipelineErrorCode, message: string) {
    super(message);
    this.name = 'PipelineError';
    this.code = code;
  }
}

export interface ModelInfo {
  loaded: boolean;
  type: string;
}

export interface DeviceInfo {
  type: 'cpu' | 'cuda';
  name: string | null;
  cuda_version: string | null;
}

export interface PipelineConfig {
  modelsDir: string;
  /** Path of shape_predictor_68_face_landmarks.dat. */
  predictorPath: string;
  /** A name from the segmentation model registry (e.g. 'isnet-medium', 'u2net_human_seg'). */
  segmentationModel: string;
  /** 'auto' | 'cpu' | 'cuda' | 'cuda:N' (FACECRAFT_DEVICE). */
  device: string;
  /** Decoded-pixel cap against decompression bombs. */
  maxPixels: number;
  /** Where model loading and device fallback are reported (a pino logger fits); silent when absent. */
  logger?: PipelineLogger;
  /** A fixed segmentation input side (the bench's 1024 reference); absent: chosen per region (inferenceSide.ts). */
  segmentationSide?: number;
  /** The bench's reference: the CPU runs the float any-size graph instead of the int8 one. */
  floatOnCpu?: boolean;
}

export interface PipelineLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface Pipeline {
  /** Runs every stage on one upload. Throws PipelineError for bad input; resolves with faceDetected=false when no face. */
  process(input: Buffer, options: PipelineOptions): Promise<PipelineResult>;
  /** One real inference of every model; /ready turns true only after it passed. */
  warmUp(): Promise<void>;
  /** For /status.models: face_detector, face_landmarks, face_enhancer, background_remover. */
  models(): Record<string, ModelInfo>;
  /** The device inference really runs on (after any fallback). */
  device(): DeviceInfo;
  close(): Promise<void>;
}
