/**
 * Every FACECRAFT_* variable of the contract (../shared/facecraft-api.md), parsed and validated once at
 * start. A bad value stops the engine with a sentence naming the variable, rather than surfacing later
 * as a confusing request failure.
 */
import path from 'node:path';
import {
  PROCESS_FIELD_NAMES,
  PROCESS_FIELDS,
  type ProcessFieldSpec,
  type ProcessFields,
  parseBooleanText,
  processFieldDefaults,
} from '../api/processFields.ts';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

export interface EngineConfig {
  host: string;
  port: number;
  /** Accepted for compatibility; this engine is one Node process (concurrency comes from maxConcurrentJobs). */
  workers: number;
  debug: boolean;
  logLevel: LogLevel;
  /** 'auto' | 'cpu' | 'cuda' | 'cuda:N'. */
  device: string;
  modelsDir: string;
  predictorPath: string;
  segmentationModel: string;
  /** The form fields' defaults: the option table's, or its FACECRAFT_DEFAULT_* variable where one is set. */
  defaults: ProcessFields;
  uploadDir: string;
  outputDir: string;
  maxUploadSizeMb: number;
  maxPixels: number;
  cleanupAgeHours: number;
  cleanupIntervalSeconds: number;
  maxConcurrentJobs: number;
  maxQueuedJobs: number;
  batchMaxFiles: number;
  /** '*' or a list of origins. */
  corsOrigins: '*' | string[];
  apiKey: string | null;
  /**
   * How long SIGTERM waits for in-flight requests before exiting anyway: generous, since one image can
   * take a minute on a busy CPU and a batch many; `docker stop -t` bounds it from outside.
   */
  shutdownTimeoutSeconds: number;
}

export class ConfigError extends Error {
  readonly code = 'invalid_configuration';

  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function raw(env: Env, name: string): string | undefined {
  const value = env[`FACECRAFT_${name}`];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function number(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
  integer: boolean,
): number {
  const text = raw(env, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    const kind = integer ? 'a whole number' : 'a number';
    throw new ConfigError(`FACECRAFT_${name} must be ${kind} from ${min} to ${max}, not "${text}".`);
  }
  return value;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  return number(env, name, fallback, min, max, true);
}

function float(env: Env, name: string, fallback: number, min: number, max: number): number {
  return number(env, name, fallback, min, max, false);
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const text = raw(env, name);
  if (text === undefined) return fallback;
  const value = parseBooleanText(text);
  if (value === undefined) throw new ConfigError(`FACECRAFT_${name} must be true or false, not "${text}".`);
  return value;
}

// The published image takes Python's level names; pino's are the lower-case equivalents.
const LOG_LEVELS: Record<string, LogLevel> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  warning: 'warn',
  warn: 'warn',
  error: 'error',
  critical: 'fatal',
  fatal: 'fatal',
};

function logLevel(env: Env, debug: boolean): LogLevel {
  const text = raw(env, 'LOG_LEVEL');
  if (text === undefined) return debug ? 'debug' : 'info';
  const level = LOG_LEVELS[text.toLowerCase()];
  if (!level) {
    throw new ConfigError(
      `FACECRAFT_LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, not "${text}".`,
    );
  }
  return level;
}

function device(env: Env): string {
  const text = (raw(env, 'DEVICE') ?? 'auto').toLowerCase();
  if (!/^(auto|cpu|cuda|cuda:\d+)$/.test(text)) {
    throw new ConfigError(`FACECRAFT_DEVICE must be auto, cpu, cuda or cuda:N, not "${text}".`);
  }
  return text;
}

function corsOrigins(env: Env): '*' | string[] {
  const text = raw(env, 'CORS_ORIGINS') ?? '*';
  // The published image takes a JSON list or a comma-separated list; accept both.
  let items: string[];
  if (text.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ConfigError(`FACECRAFT_CORS_ORIGINS is not a valid JSON list: ${text}`);
    }
    if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
      throw new ConfigError('FACECRAFT_CORS_ORIGINS must be a list of origin strings.');
    }
    items = parsed;
  } else {
    items = text.split(',');
  }
  items = items.map((item) => item.trim()).filter((item) => item !== '');
  if (items.length === 0 || items.includes('*')) return '*';
  return items;
}

function dir(env: Env, name: string, fallback: string): string {
  const value = raw(env, name) ?? fallback;
  if (!path.isAbsolute(value))
    throw new ConfigError(`FACECRAFT_${name} must be an absolute path, not "${value}".`);
  return value;
}

function fieldDefault(env: Env, spec: ProcessFieldSpec, name: string): number | boolean {
  if (spec.kind === 'bool') return bool(env, name, spec.default);
  return number(env, name, spec.default, spec.min, spec.max, spec.kind === 'int');
}

/** Each field with an `env` in the table takes FACECRAFT_<env> as its default. */
function fieldDefaults(env: Env): ProcessFields {
  const out: Record<string, number | boolean> = processFieldDefaults();
  for (const name of PROCESS_FIELD_NAMES) {
    const spec: ProcessFieldSpec = PROCESS_FIELDS[name];
    if (spec.env !== null) out[name] = fieldDefault(env, spec, spec.env);
  }
  return out as ProcessFields;
}

export function loadConfig(env: Env = process.env): EngineConfig {
  const debug = bool(env, 'DEBUG', false);
  const modelsDir = dir(env, 'MODELS_DIR', '/app/models');
  const maxConcurrentJobs = int(env, 'MAX_CONCURRENT_JOBS', 4, 1, 64);
  return {
    host: raw(env, 'HOST') ?? '0.0.0.0',
    port: int(env, 'PORT', 8000, 1, 65535),
    workers: int(env, 'WORKERS', 1, 1, 64),
    debug,
    logLevel: logLevel(env, debug),
    device: device(env),
    modelsDir,
    predictorPath: dir(env, 'PREDICTOR_PATH', path.join(modelsDir, 'shape_predictor_68_face_landmarks.dat')),
    segmentationModel: raw(env, 'SEGMENTATION_MODEL') ?? 'isnet-medium',
    defaults: fieldDefaults(env),
    uploadDir: dir(env, 'UPLOAD_DIR', '/app/uploads'),
    outputDir: dir(env, 'OUTPUT_DIR', '/app/processed'),
    maxUploadSizeMb: float(env, 'MAX_UPLOAD_SIZE_MB', 20, 0.001, 1024),
    // 50 megapixels: a 3458x2282 camera photo is 8 MP; a decompression bomb is far beyond.
    maxPixels: int(env, 'MAX_PIXELS', 50_000_000, 1, 1_000_000_000),
    cleanupAgeHours: float(env, 'CLEANUP_AGE_HOURS', 24, 0, 24 * 365),
    cleanupIntervalSeconds: int(env, 'CLEANUP_INTERVAL_SECONDS', 600, 1, 86_400),
    maxConcurrentJobs,
    maxQueuedJobs: int(env, 'MAX_QUEUED_JOBS', maxConcurrentJobs * 16, 0, 10_000),
    batchMaxFiles: int(env, 'BATCH_MAX_FILES', 50, 1, 1000),
    corsOrigins: corsOrigins(env),
    apiKey: raw(env, 'API_KEY') ?? null,
    shutdownTimeoutSeconds: int(env, 'SHUTDOWN_TIMEOUT_SECONDS', 300, 1, 3600),
  };
}
