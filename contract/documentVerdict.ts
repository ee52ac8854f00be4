/**
 * The compliance verdict of one photo for one document: every rule as pass / check / fail with the
 * measured value, the allowed range and what to do. Pure: the app, the CLI and the tests call it on
 * the engine's answer. Rules software cannot judge come back as `manual` ("check yourself"), never
 * as passed.
 */
import {
  BACKGROUND_LABELS,
  classifyBackground,
  documentPixels,
  type PixelSize,
  type RatioRange,
  type Rgb,
  rangeAsRatio,
} from './documentGeometry.ts';
import type { DigitalFormat, ManualRule, PhotoDocument, StatedRange } from './documentTypes.ts';
import type { ResultMeasurements } from './domain.ts';
import { formatBytes } from './formatBytes.ts';

export type RuleStatus = 'pass' | 'check' | 'fail';

export interface RuleResult {
  id: string;
  label: string;
  status: RuleStatus;
  /** The value found, in words ("58 % of the height"); null when not measured. */
  measured: string | null;
  /** What the document allows, in words. */
  allowed: string;
  /** A plain sentence: what is right, or what to do. */
  advice: string;
  /** Key into DOCUMENT_SOURCES. */
  source: string | null;
}

export interface DocumentVerdict {
  documentId: string;
  /** fail if any rule fails; check if any needs a look; pass otherwise (manual rules stay to check). */
  overall: RuleStatus;
  rules: RuleResult[];
  /** "Check yourself": what only a person can judge. */
  manual: readonly ManualRule[];
  /** Null when the engine measured the photo; otherwise why the geometry could not be judged. */
  unmeasuredReason: string | null;
}

export interface VerdictInput {
  /** The engine's measurements of the delivered photo; null from an engine that sends none. */
  measurements: ResultMeasurements | null;
  faceCount: number;
  /** False from an engine that does not count faces: the one-face rule is then for the person to check. */
  faceCountKnown?: boolean;
  outputSize: PixelSize;
  /** The saved file, where one exists. */
  file: { format: DigitalFormat; bytes: number } | null;
  background: Rgb;
}

/** Outside the range by at most this share of the side: measurement noise, so "check", not "fail". */
const BORDERLINE = 0.01;

export const UNMEASURED_REASON =
  'This engine returns no measurements (the published Facecraft image does not), so head size and eye line cannot be judged or framed; use the bundled engine.';

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

function countWord(n: number): string {
  return NUMBER_WORDS[n] ?? String(n);
}

function percent(ratio: number): string {
  return `${Math.round(ratio * 100)} %`;
}

function percentRange(range: RatioRange): string {
  return `${Math.round(range.min * 100)}–${Math.round(range.max * 100)} %`;
}

function rangeStatus(value: number, range: RatioRange): RuleStatus {
  if (value >= range.min && value <= range.max) return 'pass';
  const off = value < range.min ? range.min - value : value - range.max;
  return off <= BORDERLINE ? 'check' : 'fail';
}

function unmeasured(id: string, label: string, allowed: string, source: string): RuleResult {
  return { id, label, status: 'check', measured: null, allowed, advice: UNMEASURED_REASON, source };
}

function faceCountRule(count: number, known: boolean): RuleResult {
  const base = { id: 'one-face', label: 'One face', allowed: 'exactly one face', source: null };
  if (!known && count > 0)
    return {
      ...base,
      status: 'check',
      measured: null,
      advice: 'This engine does not count the faces in a photo: check that only one face appears.',
    };
  if (count === 1) return { ...base, status: 'pass', measured: 'one face', advice: 'One face, as required.' };
  if (count === 0)
    return {
      ...base,
      status: 'fail',
      measured: 'no face',
      advice: 'No face was found: use a photo where the face is clearly visible.',
    };
  return {
    ...base,
    status: 'check',
    measured: `${countWord(count)} faces`,
    advice: `Only one face may appear — this photo has ${countWord(count)}; the largest was used. Check that nobody else shows in the result.`,
  };
}

function sizeRule(doc: PhotoDocument, input: VerdictInput): RuleResult {
  const want = documentPixels(doc, input.outputSize);
  const got = input.outputSize;
  const measured = `${got.width} × ${got.height} px`;
  const digital = doc.digital;
  if (digital?.minPx) {
    const max = digital.maxPx;
    const fits =
      got.width >= digital.minPx.width &&
      got.height >= digital.minPx.height &&
      (!max || (got.width <= max.width && got.height <= max.height)) &&
      (!digital.square || got.width === got.height);
    const smallest = `${digital.minPx.width} × ${digital.minPx.height}`;
    const allowed = `${max ? `${smallest} to ${max.width} × ${max.height} px` : `at least ${smallest} px`}${digital.square ? ', square' : ''}`;
    return {
      id: 'pixels',
      label: 'Pixel size',
      status: fits ? 'pass' : 'fail',
      measured,
      allowed,
      advice: fits
        ? 'The pixel size fits the upload rules.'
        : `Process the photo again with this document chosen to get ${want.width} × ${want.height} px.`,
      source: digital.source,
    };
  }
  const fits = got.width === want.width && got.height === want.height;
  return {
    id: 'pixels',
    label: 'Pixel size',
    status: fits ? 'pass' : 'fail',
    measured,
    allowed: `${want.width} × ${want.height} px`,
    advice: fits
      ? 'The pixel size matches the document at its resolution.'
      : `Process the photo again with this document chosen to get ${want.width} × ${want.height} px.`,
    source: doc.size?.source ?? null,
  };
}

interface RatioRuleSpec {
  id: string;
  label: string;
  side: 'height' | 'width';
  stated: StatedRange | null;
  value: (m: ResultMeasurements) => number;
  /** What the measured value is, after the percentage ("of the height", "up from the bottom"). */
  found: string;
  inRange: string;
  /** The advice's start when low and high, and what to do then. */
  low: [string, string];
  high: [string, string];
}

/** A rule on a measured ratio of the photo's side (head height, eye line, head width). */
function ratioRule(doc: PhotoDocument, m: ResultMeasurements | null, spec: RatioRuleSpec): RuleResult | null {
  if (!spec.stated) return null;
  const range = rangeAsRatio(doc, spec.stated, spec.side);
  const allowed = `${percentRange(range)} of the ${spec.side}`;
  const source = spec.stated.source;
  if (!m) return unmeasured(spec.id, spec.label, allowed, source);
  const value = spec.value(m);
  const found = `${percent(value)} ${spec.found}`;
  const needs = `this document needs ${percentRange(range)}`;
  let advice = spec.inRange;
  if (value < range.min) advice = `${spec.low[0]}: ${found}, ${needs}. ${spec.low[1]}`;
  else if (value > range.max) advice = `${spec.high[0]}: ${found}, ${needs}. ${spec.high[1]}`;
  return {
    id: spec.id,
    label: spec.label,
    status: rangeStatus(value, range),
    measured: `${percent(value)} of the ${spec.side}`,
    allowed,
    advice,
    source,
  };
}

function ratioRules(doc: PhotoDocument, m: ResultMeasurements | null): (RuleResult | null)[] {
  return [
    ratioRule(doc, m, {
      id: 'head-height',
      label: 'Head height (chin to crown)',
      side: 'height',
      stated: doc.headHeight,
      value: (x) => x.head_height_ratio,
      found: 'of the height',
      inRange: 'The head height is within the range.',
      low: ['The head is too small', 'Take the photo closer, or crop tighter around the head.'],
      high: ['The head is too large', 'Step back, or leave more room around the head.'],
    }),
    ratioRule(doc, m, {
      id: 'eye-line',
      label: 'Eye line from the bottom',
      side: 'height',
      stated: doc.eyeLineFromBottom,
      value: (x) => x.eye_line_from_bottom_ratio,
      found: 'up from the bottom',
      inRange: 'The eyes are at the right height.',
      low: ['The eyes are too low', 'Leave less room above the head.'],
      high: ['The eyes are too high', 'Leave more room above the head.'],
    }),
    ratioRule(doc, m, {
      id: 'head-width',
      label: 'Head width',
      side: 'width',
      stated: doc.headWidth,
      value: (x) => x.head_width_ratio,
      found: 'of the width',
      inRange: 'The head width is within the range.',
      low: ['The head is too narrow in the frame', 'Take the photo closer.'],
      high: ['The head is too wide in the frame', 'Step back.'],
    }),
  ];
}

function centreRule(doc: PhotoDocument, m: ResultMeasurements | null): RuleResult | null {
  if (!doc.maxCenterOffset) return null;
  const limit = doc.maxCenterOffset.value;
  const label = 'Face centred';
  const allowed = `within ${percent(limit)} of the width from the centre`;
  if (!m) return unmeasured('centred', label, allowed, doc.maxCenterOffset.source);
  const off = Math.abs(m.center_offset_ratio);
  const found = `${percent(off)} ${m.center_offset_ratio < 0 ? 'left' : 'right'} of the centre`;
  const status = rangeStatus(off, { min: 0, max: limit });
  const advice =
    status === 'pass' ? 'The face is centred.' : `The face is off centre (${found}): centre it in the frame.`;
  return {
    id: 'centred',
    label,
    status,
    measured: found,
    allowed,
    advice,
    source: doc.maxCenterOffset.source,
  };
}

function rollRule(doc: PhotoDocument, m: ResultMeasurements | null): RuleResult | null {
  if (!doc.maxRollDeg) return null;
  const limit = doc.maxRollDeg.value;
  const label = 'Head level';
  const allowed = `tilt at most ${limit}°`;
  if (!m) return unmeasured('roll', label, allowed, doc.maxRollDeg.source);
  const tilt = Math.abs(m.roll_after_deg);
  const found = `${tilt.toFixed(1)}° (${Math.abs(m.roll_before_deg).toFixed(1)}° before levelling)`;
  const pass = tilt <= limit;
  return {
    id: 'roll',
    label,
    status: pass ? 'pass' : 'fail',
    measured: found,
    allowed,
    advice: pass ? 'The eyes are level.' : `The head is tilted ${tilt.toFixed(0)}°: hold the head level.`,
    source: doc.maxRollDeg.source,
  };
}

function interEyeRule(doc: PhotoDocument, m: ResultMeasurements | null): RuleResult | null {
  if (!doc.minInterEyePx) return null;
  const need = doc.minInterEyePx.value;
  const label = 'Resolution of the face';
  const allowed = `at least ${need} px between the eye centres`;
  if (!m) return unmeasured('inter-eye', label, allowed, doc.minInterEyePx.source);
  const px = Math.round(m.inter_eye_px);
  const pass = px >= need;
  return {
    id: 'inter-eye',
    label,
    status: pass ? 'pass' : 'fail',
    measured: `${px} px between the eyes`,
    allowed,
    advice: pass
      ? 'The face has enough pixels.'
      : `The face is too small in the photo for this resolution: ${px} px between the eyes, at least ${need} px are needed. Use a sharper photo taken closer.`,
    source: doc.minInterEyePx.source,
  };
}

function backgroundRule(doc: PhotoDocument, colour: Rgb): RuleResult {
  const kinds = classifyBackground(colour);
  const allowedKinds = doc.backgrounds.allowed;
  const pass = kinds.some((kind) => allowedKinds.includes(kind));
  const words = allowedKinds.map((kind) => BACKGROUND_LABELS[kind]).join(' or ');
  const rgb = `rgb(${colour.r}, ${colour.g}, ${colour.b})`;
  const p = doc.backgrounds.preferred;
  return {
    id: 'background',
    label: 'Background colour',
    status: pass ? 'pass' : 'fail',
    measured: kinds.length > 0 ? `${rgb}: ${kinds.map((kind) => BACKGROUND_LABELS[kind]).join(', ')}` : rgb,
    allowed: words,
    advice: pass
      ? 'The background colour is allowed.'
      : `The background ${rgb} is not ${words}: choose rgb(${p.r}, ${p.g}, ${p.b}) as the background colour.`,
    source: doc.backgrounds.source,
  };
}

function fileRules(doc: PhotoDocument, file: VerdictInput['file']): RuleResult[] {
  const digital = doc.digital;
  if (!digital || !file) return [];
  const rules: RuleResult[] = [];
  const formatOk = digital.formats.includes(file.format);
  rules.push({
    id: 'file-type',
    label: 'File type',
    status: formatOk ? 'pass' : 'fail',
    measured: file.format.toUpperCase(),
    allowed: digital.formats.join(' or ').toUpperCase(),
    advice: formatOk
      ? 'The file type is accepted.'
      : `Upload the ${digital.formats.join(' or ').toUpperCase()} file instead.`,
    source: digital.source,
  });
  const min = digital.minBytes ?? 0;
  const max = digital.maxBytes ?? Number.POSITIVE_INFINITY;
  const sizeOk = file.bytes >= min && file.bytes <= max;
  const allowed = [
    digital.minBytes ? `at least ${formatBytes(digital.minBytes)}` : null,
    digital.maxBytes ? `at most ${formatBytes(digital.maxBytes)}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  rules.push({
    id: 'file-size',
    label: 'File size',
    status: sizeOk ? 'pass' : 'fail',
    measured: formatBytes(file.bytes),
    allowed: allowed || 'any',
    advice: sizeOk
      ? 'The file size is within the upload limits.'
      : file.bytes > max
        ? `The file is ${formatBytes(file.bytes)}; uploads must be at most ${formatBytes(max)}. Save it again with this document chosen (the encoder lowers the quality to fit).`
        : `The file is ${formatBytes(file.bytes)}; uploads must be at least ${formatBytes(min)}. Save it at a higher quality or a larger pixel size.`,
    source: digital.source,
  });
  return rules;
}

/** Every rule of `doc` judged on one photo. */
export function judgeDocumentPhoto(doc: PhotoDocument, input: VerdictInput): DocumentVerdict {
  const m = input.faceCount > 0 ? input.measurements : null;
  const rules: RuleResult[] = [
    faceCountRule(input.faceCount, input.faceCountKnown !== false),
    sizeRule(doc, input),
  ];
  for (const rule of [...ratioRules(doc, m), centreRule(doc, m), rollRule(doc, m), interEyeRule(doc, m)]) {
    if (rule) rules.push(rule);
  }
  rules.push(backgroundRule(doc, input.background), ...fileRules(doc, input.file));
  const overall: RuleStatus = rules.some((r) => r.status === 'fail')
    ? 'fail'
    : rules.some((r) => r.status === 'check')
      ? 'check'
      : 'pass';
  return {
    documentId: doc.id,
    overall,
    rules,
    manual: doc.manual,
    unmeasuredReason: input.measurements || input.faceCount === 0 ? null : UNMEASURED_REASON,
  };
}
