/** The /process form fields → PipelineOptions, with the FACECRAFT_DEFAULT_* values as defaults. */
import type { EngineConfig } from '../config.ts';
import type { PipelineOptions } from '../pipeline/types.ts';
import { processFormFields } from './formFields.ts';
import type { MultipartForm } from './multipartForm.ts';

export function processOptions(form: MultipartForm, config: EngineConfig): PipelineOptions {
  return processFormFields(form, config.defaults);
}

/** Options for /quick and /batch: only the size is chosen, the rest are the defaults. */
export function defaultOptions(config: EngineConfig, width: number, height: number): PipelineOptions {
  return { ...config.defaults, width, height };
}

export function maxUploadBytes(config: EngineConfig): number {
  return Math.floor(config.maxUploadSizeMb * 1024 * 1024);
}
