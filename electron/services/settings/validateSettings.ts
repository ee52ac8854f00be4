/**
 * Checks settings field by field. A file edited by hand or written by an older version keeps every
 * field that is still valid; update() patches from the renderer are rejected with a sentence instead.
 */
import type { Device, OutputFormat, ProcessOptions, Settings } from '../../../contract/domain.ts';
import { FacecraftError } from '../../../contract/errors.ts';
import { defaultSettings } from './defaultSettings.ts';

type Check<T> = (value: unknown) => value is T;

const isBool: Check<boolean> = (v): v is boolean => typeof v === 'boolean';
const isDevice: Check<Device> = (v): v is Device => v === 'cpu' || v === 'gpu';
const isFormat: Check<OutputFormat> = (v): v is OutputFormat => v === 'png' || v === 'jpg' || v === 'both';
const isSource = (v: unknown): v is Settings['imageSource'] => v === 'pull' || v === 'build';
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function isIntIn(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}
function isNumIn(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
}
function isImageRef(v: unknown): v is string {
  return typeof v === 'string' && /^[a-z0-9][a-z0-9._/:@-]*$/i.test(v) && v.length <= 255;
}

/** The largest output side the app offers; the engine itself caps memory. */
export const MAX_OUTPUT_SIDE = 4096;

/** Problems in a ProcessOptions value, as sentences; empty when valid. */
export function processOptionsProblems(value: unknown): string[] {
  if (!isRecord(value)) return ['Processing options must be an object.'];
  const problems: string[] = [];
  if (!isIntIn(value.width, 16, MAX_OUTPUT_SIDE))
    problems.push(`Width must be a whole number from 16 to ${MAX_OUTPUT_SIDE}.`);
  if (!isIntIn(value.height, 16, MAX_OUTPUT_SIDE))
    problems.push(`Height must be a whole number from 16 to ${MAX_OUTPUT_SIDE}.`);
  const bg = value.background;
  if (!isRecord(bg) || !isIntIn(bg.r, 0, 255) || !isIntIn(bg.g, 0, 255) || !isIntIn(bg.b, 0, 255))
    problems.push('The background colour needs red, green and blue values from 0 to 255.');
  if (!isNumIn(value.faceMargin, 0, 1)) problems.push('The face margin must be between 0 and 1.');
  if (!isBool(value.ovalMask)) problems.push('The oval mask setting must be on or off.');
  if (!isBool(value.enhance)) problems.push('The enhance setting must be on or off.');
  if (!isNumIn(value.enhanceFidelity, 0, 1)) problems.push('The enhance fidelity must be between 0 and 1.');
  return problems;
}

export function assertProcessOptions(value: unknown): asserts value is ProcessOptions {
  const problems = processOptionsProblems(value);
  if (problems.length > 0) throw new FacecraftError('invalid-argument', problems.join(' '));
}

function cleanOptions(value: unknown): ProcessOptions {
  const base = defaultSettings().options;
  if (!isRecord(value)) return base;
  const merged = {
    ...base,
    ...value,
    background: { ...base.background, ...(isRecord(value.background) ? value.background : {}) },
  };
  const picked: ProcessOptions = {
    width: merged.width,
    height: merged.height,
    background: { r: merged.background.r, g: merged.background.g, b: merged.background.b },
    faceMargin: merged.faceMargin,
    ovalMask: merged.ovalMask,
    enhance: merged.enhance,
    enhanceFidelity: merged.enhanceFidelity,
  } as ProcessOptions;
  // Field by field: keep what is valid, default the rest.
  const fieldOk: Record<keyof ProcessOptions, boolean> = {
    width: isIntIn(picked.width, 16, MAX_OUTPUT_SIDE),
    height: isIntIn(picked.height, 16, MAX_OUTPUT_SIDE),
    background: processOptionsProblems({ ...base, background: picked.background }).length === 0,
    faceMargin: isNumIn(picked.faceMargin, 0, 1),
    ovalMask: isBool(picked.ovalMask),
    enhance: isBool(picked.enhance),
    enhanceFidelity: isNumIn(picked.enhanceFidelity, 0, 1),
  };
  const out = { ...base };
  for (const key of Object.keys(fieldOk) as (keyof ProcessOptions)[]) {
    if (fieldOk[key]) (out as Record<string, unknown>)[key] = picked[key];
  }
  return out;
}

/** Settings from untrusted JSON: invalid or missing fields fall back to their defaults. */
export function normalizeSettings(value: unknown): Settings {
  const d = defaultSettings();
  if (!isRecord(value)) return d;
  const refs = isRecord(value.imageRefs) ? value.imageRefs : {};
  return {
    outputDir:
      typeof value.outputDir === 'string' && value.outputDir.length > 0 ? value.outputDir : d.outputDir,
    outputFormat: isFormat(value.outputFormat) ? value.outputFormat : d.outputFormat,
    device: isDevice(value.device) ? value.device : d.device,
    allowGpuFallback: isBool(value.allowGpuFallback) ? value.allowGpuFallback : d.allowGpuFallback,
    imageSource: isSource(value.imageSource) ? value.imageSource : d.imageSource,
    imageRefs: {
      cpu: isImageRef(refs.cpu) ? refs.cpu : d.imageRefs.cpu,
      gpu: isImageRef(refs.gpu) ? refs.gpu : d.imageRefs.gpu,
    },
    options: cleanOptions(value.options),
    keepRunning: isBool(value.keepRunning) ? value.keepRunning : d.keepRunning,
  };
}

/** Applies a patch from the UI or CLI; throws invalid-argument with every problem named. */
export function applySettingsPatch(current: Settings, patch: unknown): Settings {
  if (!isRecord(patch)) throw new FacecraftError('invalid-argument', 'Settings changes must be an object.');
  const problems: string[] = [];
  const next: Settings = structuredClone(current);
  for (const [key, value] of Object.entries(patch)) {
    switch (key) {
      case 'outputDir':
        if (value === null || (typeof value === 'string' && value.length > 0)) next.outputDir = value;
        else problems.push('The output folder must be a folder path.');
        break;
      case 'outputFormat':
        if (isFormat(value)) next.outputFormat = value;
        else problems.push('The output format must be png, jpg or both.');
        break;
      case 'device':
        if (isDevice(value)) next.device = value;
        else problems.push('The device must be cpu or gpu.');
        break;
      case 'allowGpuFallback':
      case 'keepRunning':
        if (isBool(value)) next[key] = value;
        else problems.push(`${key} must be true or false.`);
        break;
      case 'imageSource':
        if (isSource(value)) next.imageSource = value;
        else problems.push('The image source must be pull or build.');
        break;
      case 'imageRefs': {
        if (!isRecord(value)) {
          problems.push('Image references must name a cpu and a gpu image.');
          break;
        }
        for (const device of ['cpu', 'gpu'] as const) {
          if (value[device] === undefined) continue;
          if (isImageRef(value[device])) next.imageRefs[device] = value[device];
          else problems.push(`"${String(value[device])}" is not a valid image reference.`);
        }
        break;
      }
      case 'options': {
        const merged = isRecord(value)
          ? {
              ...next.options,
              ...value,
              background: {
                ...next.options.background,
                ...(isRecord(value.background) ? value.background : {}),
              },
            }
          : value;
        const optionProblems = processOptionsProblems(merged);
        if (optionProblems.length === 0) next.options = cleanOptions(merged);
        else problems.push(...optionProblems);
        break;
      }
      default:
        problems.push(`"${key}" is not a setting.`);
    }
  }
  if (problems.length > 0) throw new FacecraftError('invalid-argument', problems.join(' '));
  return next;
}
