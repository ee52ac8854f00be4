/**
 * Checks settings field by field. A file edited by hand or written by an older version keeps every
 * field that is still valid; update() patches from the renderer are rejected with a sentence instead.
 */
import { findDocument } from '../../../contract/documentGeometry.ts';
import { DOCUMENTS } from '../../../contract/documents.ts';
import type { Device, Settings } from '../../../contract/domain.ts';
import { FacecraftError } from '../../../contract/errors.ts';
import {
  cleanProcessOptions,
  isOutputFormat,
  mergeProcessOptions,
  OUTPUT_FORMAT_CHOICES,
  type ProcessOptions,
  processOptionsProblems,
} from '../../../contract/processOptions.ts';
import { defaultSettings } from './defaultSettings.ts';

type Check<T> = (value: unknown) => value is T;

const isBool: Check<boolean> = (v): v is boolean => typeof v === 'boolean';
const isDevice: Check<Device> = (v): v is Device => v === 'cpu' || v === 'gpu';
const isSource = (v: unknown): v is Settings['imageSource'] => v === 'auto' || v === 'pull' || v === 'build';
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** null (no document) or an id of the documents table. */
const isDocumentChoice = (v: unknown): v is string | null =>
  v === null || (typeof v === 'string' && findDocument(v) !== null);

function isImageRef(v: unknown): v is string {
  return typeof v === 'string' && /^[a-z0-9][a-z0-9._/:@-]*$/i.test(v) && v.length <= 255;
}

export { processOptionsProblems };

export function assertProcessOptions(value: unknown): asserts value is ProcessOptions {
  const problems = processOptionsProblems(value);
  if (problems.length > 0) throw new FacecraftError('invalid-argument', problems.join(' '));
}

/** Settings from untrusted JSON: invalid or missing fields fall back to their defaults. */
export function normalizeSettings(value: unknown): Settings {
  const d = defaultSettings();
  if (!isRecord(value)) return d;
  const refs = isRecord(value.imageRefs) ? value.imageRefs : {};
  return {
    outputDir:
      typeof value.outputDir === 'string' && value.outputDir.length > 0 ? value.outputDir : d.outputDir,
    outputFormat: isOutputFormat(value.outputFormat) ? value.outputFormat : d.outputFormat,
    device: isDevice(value.device) ? value.device : d.device,
    allowGpuFallback: isBool(value.allowGpuFallback) ? value.allowGpuFallback : d.allowGpuFallback,
    imageSource: isSource(value.imageSource) ? value.imageSource : d.imageSource,
    askBeforeBuilding: isBool(value.askBeforeBuilding) ? value.askBeforeBuilding : d.askBeforeBuilding,
    imageRefs: {
      cpu: isImageRef(refs.cpu) ? refs.cpu : d.imageRefs.cpu,
      gpu: isImageRef(refs.gpu) ? refs.gpu : d.imageRefs.gpu,
    },
    options: cleanProcessOptions(value.options, d.options),
    keepRunning: isBool(value.keepRunning) ? value.keepRunning : d.keepRunning,
    documentId: isDocumentChoice(value.documentId) ? value.documentId : d.documentId,
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
        if (isOutputFormat(value)) next.outputFormat = value;
        else problems.push(`The output format must be ${OUTPUT_FORMAT_CHOICES}.`);
        break;
      case 'device':
        if (isDevice(value)) next.device = value;
        else problems.push('The device must be cpu or gpu.');
        break;
      case 'allowGpuFallback':
      case 'askBeforeBuilding':
      case 'keepRunning':
        if (isBool(value)) next[key] = value;
        else problems.push(`${key} must be true or false.`);
        break;
      case 'imageSource':
        if (isSource(value)) next.imageSource = value;
        else problems.push('The image source must be auto, pull or build.');
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
        const merged = isRecord(value) ? mergeProcessOptions(next.options, value) : value;
        const optionProblems = processOptionsProblems(merged);
        if (optionProblems.length === 0) next.options = cleanProcessOptions(merged, next.options);
        else problems.push(...optionProblems);
        break;
      }
      case 'documentId':
        if (isDocumentChoice(value)) next.documentId = value;
        else
          problems.push(
            `"${String(value)}" is not a known document; choose one of ${DOCUMENTS.map((doc) => doc.id).join(', ')}.`,
          );
        break;
      default:
        problems.push(`"${key}" is not a setting.`);
    }
  }
  if (problems.length > 0) throw new FacecraftError('invalid-argument', problems.join(' '));
  return next;
}
