/**
 * The Facecraft v1 HTTP API as the app sees it (../shared/facecraft-api.md).
 * Both our engine and the published djok/facecraft images serve it, so the app must only
 * rely on what is written here.
 */
import type { PortraitMeasurements, PortraitTransform } from '../docker/api/portraitGeometry.ts';

export const ENGINE_CONTAINER_PORT = 8000;
export const API_KEY_HEADER = 'X-API-Key';

export type { PortraitMeasurements, PortraitTransform } from '../docker/api/portraitGeometry.ts';
export { ACCEPTED_SUFFIXES, NO_FACE_ERROR } from '../docker/api/processContract.ts';
/** Form fields of POST /api/v1/process: the engine's table (its one definition) and what derives from it. */
export {
  PROCESS_FIELD_NAMES,
  PROCESS_FIELDS,
  type ProcessFieldName,
  type ProcessFieldSpec,
  type ProcessFields,
  parseFieldText,
  processFieldDefaults,
  processFieldProblem,
} from '../docker/api/processFields.ts';

export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ProcessResultInfo {
  face_detected: boolean;
  face_count: number;
  face_position: FaceBox | null;
  output_size: { width: number; height: number };
  file_size_bytes: number;
  /** Our engine only (docker/api/portraitGeometry.ts); the published image sends neither. */
  measurements?: PortraitMeasurements;
  transform?: PortraitTransform;
}

export interface ProcessResponse {
  success: boolean;
  job_id: string;
  processing_time_ms: number;
  result: ProcessResultInfo | null;
  download_url: string | null;
  png_url: string | null;
  jpg_url: string | null;
  png_base64: string | null;
  jpg_base64: string | null;
  error: string | null;
  error_message: string | null;
}

export interface BatchItemResponse {
  filename: string;
  success: boolean;
  download_url: string | null;
  error: string | null;
  error_message: string | null;
}

export interface BatchResponse {
  job_id: string;
  total: number;
  successful: number;
  failed: number;
  processing_time_ms: number;
  results: BatchItemResponse[];
}

export interface HealthResponse {
  status: 'healthy';
}

export interface ReadyResponse {
  ready: boolean;
  models_loaded: boolean;
}

export interface StatusResponse {
  status: 'operational';
  version: string;
  uptime_seconds: number;
  device: { type: 'cpu' | 'cuda'; name: string | null; cuda_version: string | null };
  /** Model names and types vary by image: accept any. */
  models: Record<string, { loaded: boolean; type: string }>;
  statistics: { total_processed: number; success_rate: number; avg_processing_ms: number };
}

/** FastAPI-style error body (`/quick` failures, validation errors). */
export interface ErrorDetailResponse {
  detail: string | unknown;
}
