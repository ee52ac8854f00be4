/** The /process form fields → PipelineOptions, with the FACECRAFT_DEFAULT_* values as defaults. */
import { PROCESS_FIELDS } from '../../api/processFields.ts';
import { type EngineConfig, SIZE_MAX, SIZE_MIN } from '../config.ts';
import type { PipelineOptions } from '../pipeline/types.ts';
import { boolField, floatField, intField } from './formFields.ts';
import type { MultipartForm } from './multipartForm.ts';

export function processOptions(form: MultipartForm, config: EngineConfig): PipelineOptions {
  const d = config.defaults;
  return {
    width: intField(form, 'width', d.width, SIZE_MIN, SIZE_MAX),
    height: intField(form, 'height', d.height, SIZE_MIN, SIZE_MAX),
    background: {
      r: intField(form, 'background_r', d.backgroundR, 0, 255),
      g: intField(form, 'background_g', d.backgroundG, 0, 255),
      b: intField(form, 'background_b', d.backgroundB, 0, 255),
    },
    faceMargin: floatField(form, 'face_margin', d.faceMargin, 0, 1),
    ovalMask: boolField(form, 'use_oval_mask', d.ovalMask),
    enhanceFace: boolField(form, 'enhance_face', true),
    enhanceFidelity: floatField(form, 'enhance_fidelity', d.enhanceFidelity, 0, 1),
    touchUp: boolField(form, 'touch_up', PROCESS_FIELDS.touch_up.default),
  };
}

/** Options for /quick and /batch: only the size is chosen, the rest are the defaults. */
export function defaultOptions(config: EngineConfig, width: number, height: number): PipelineOptions {
  const d = config.defaults;
  return {
    width,
    height,
    background: { r: d.backgroundR, g: d.backgroundG, b: d.backgroundB },
    faceMargin: d.faceMargin,
    ovalMask: d.ovalMask,
    enhanceFace: true,
    enhanceFidelity: d.enhanceFidelity,
    touchUp: PROCESS_FIELDS.touch_up.default,
  };
}

export function maxUploadBytes(config: EngineConfig): number {
  return Math.floor(config.maxUploadSizeMb * 1024 * 1024);
}
