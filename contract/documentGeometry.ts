/** Figures derived from a document row: pixels, ratios, background classes, search, one-line summary. */

import { DOCUMENT_SOURCES, DOCUMENTS, type DocumentSourceId } from './documents.ts';
import type {
  BackgroundKind,
  DocumentSource,
  LengthUnit,
  PhotoDocument,
  StatedRange,
} from './documentTypes.ts';
import { formatBytes } from './formatBytes.ts';

const MM_PER_INCH = 25.4;

export interface PixelSize {
  width: number;
  height: number;
}

export interface RatioRange {
  min: number;
  max: number;
}

function inches(value: number, unit: LengthUnit | 'px', dpi: number): number {
  if (unit === 'in') return value;
  if (unit === 'mm') return value / MM_PER_INCH;
  return value / dpi;
}

/** The photo's pixels at the document's dpi; a custom document takes the user's size. */
export function documentPixels(doc: PhotoDocument, custom: PixelSize): PixelSize {
  const size = doc.size;
  if (size === null) return { width: custom.width, height: custom.height };
  if (size.unit === 'px') return { width: size.width, height: size.height };
  return {
    width: Math.round(inches(size.width, size.unit, doc.dpi) * doc.dpi),
    height: Math.round(inches(size.height, size.unit, doc.dpi) * doc.dpi),
  };
}

/** A stated range as a ratio of the photo's height (or width): lengths divided by that side. */
export function rangeAsRatio(doc: PhotoDocument, range: StatedRange, side: 'height' | 'width'): RatioRange {
  if (range.unit === 'ratio' || doc.size === null) return { min: range.min, max: range.max };
  const sideInches = inches(doc.size[side], doc.size.unit, doc.dpi);
  return {
    min: inches(range.min, range.unit, doc.dpi) / sideInches,
    max: inches(range.max, range.unit, doc.dpi) / sideInches,
  };
}

export function findDocument(id: string): PhotoDocument | null {
  return DOCUMENTS.find((doc) => doc.id === id) ?? null;
}

export function documentSource(id: string): DocumentSource | null {
  return id in DOCUMENT_SOURCES ? DOCUMENT_SOURCES[id as DocumentSourceId] : null;
}

/** Documents whose id, name, country or keywords contain every word of the query (case-insensitive). */
export function searchDocuments(query: string): PhotoDocument[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return DOCUMENTS.filter((doc) => {
    const haystack = [doc.id, doc.name, doc.country, ...doc.keywords].join(' ').toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/**
 * The classes a colour belongs to. Authorities name colours in words, not numbers; these bounds
 * are our reading of the words (light = luminance ≥ 170 of 255; neutral = channels within 14).
 */
export function classifyBackground({ r, g, b }: Rgb): BackgroundKind[] {
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const spread = Math.max(r, g, b) - Math.min(r, g, b);
  const neutral = spread <= 14;
  const kinds: BackgroundKind[] = [];
  if (neutral && Math.min(r, g, b) >= 248) kinds.push('white');
  if (neutral && luminance >= 232) kinds.push('off-white');
  if (neutral && luminance >= 170 && luminance < 240) kinds.push('light-grey');
  if (b - r >= 15 && b >= g && luminance >= 160) kinds.push('light-blue');
  if (r >= 230 && g >= 215 && r - b >= 12 && r - b <= 50 && r >= g) kinds.push('cream');
  if (luminance >= 170 && spread <= 60) kinds.push('light-plain');
  return kinds;
}

export const BACKGROUND_LABELS: Record<BackgroundKind, string> = {
  white: 'white',
  'off-white': 'off-white',
  'light-grey': 'light grey',
  'light-blue': 'light blue',
  cream: 'cream',
  'light-plain': 'any plain light colour',
};

function formatLength(value: number, unit: LengthUnit | 'px'): string {
  return `${Number(value.toFixed(3))}${unit === 'px' ? '' : ` ${unit}`}`;
}

function formatRange(doc: PhotoDocument, range: StatedRange, side: 'height' | 'width'): string {
  const ratio = rangeAsRatio(doc, range, side);
  const percent = `${Math.round(ratio.min * 100)}–${Math.round(ratio.max * 100)} %`;
  if (range.unit === 'ratio') return percent;
  return `${Number(range.min.toFixed(3))}–${formatLength(range.max, range.unit)} (${percent})`;
}

/** The rules in one line, for the picker and `facecraft documents`. */
export function documentSummary(doc: PhotoDocument, custom: PixelSize): string {
  const px = documentPixels(doc, custom);
  const parts: string[] = [];
  if (doc.size === null) parts.push(`${px.width} × ${px.height} px`);
  else if (doc.size.unit === 'px') parts.push(`${px.width} × ${px.height} px`);
  else
    parts.push(
      `${doc.size.width} × ${formatLength(doc.size.height, doc.size.unit)} at ${doc.dpi} dpi = ${px.width} × ${px.height} px`,
    );
  if (doc.headHeight) parts.push(`head ${formatRange(doc, doc.headHeight, 'height')}`);
  if (doc.eyeLineFromBottom)
    parts.push(`eyes ${formatRange(doc, doc.eyeLineFromBottom, 'height')} from the bottom`);
  parts.push(`background ${doc.backgrounds.allowed.map((kind) => BACKGROUND_LABELS[kind]).join(' or ')}`);
  const digital = doc.digital;
  if (digital?.maxBytes)
    parts.push(`upload ${digital.formats.join('/').toUpperCase()} ≤ ${formatBytes(digital.maxBytes)}`);
  return parts.join(' · ');
}
