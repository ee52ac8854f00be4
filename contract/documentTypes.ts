/**
 * The shape of a photo document's rules (passport, visa, ID card, profile picture). The rows
 * themselves are data in documents.ts; everything else (pixels, ratios, engine targets, the verdict,
 * the picker's one-line summary) is derived from them.
 */

export type LengthUnit = 'mm' | 'in';

/**
 * A range as the authority states it: a length in the document's unit, or a ratio of the photo's
 * height (or width, for head width). Kept as stated so the source's own figures can be read here.
 */
export interface StatedRange {
  min: number;
  max: number;
  unit: LengthUnit | 'ratio';
  /** Key into DOCUMENT_SOURCES: who says so. */
  source: string;
}

/** Background colour classes an authority names; classifyBackground decides which a colour is in. */
export type BackgroundKind = 'white' | 'off-white' | 'light-grey' | 'light-blue' | 'cream' | 'light-plain';

export type DigitalFormat = 'jpg' | 'png';

/** Limits of an upload (a digital submission); null fields: not stated. */
export interface DigitalLimits {
  formats: readonly DigitalFormat[];
  /** Smallest and largest allowed pixel size. */
  minPx: { width: number; height: number } | null;
  maxPx: { width: number; height: number } | null;
  square: boolean;
  minBytes: number | null;
  maxBytes: number | null;
  source: string;
}

/** A rule only a person can judge: listed as "check yourself", never as passed. */
export interface ManualRule {
  id: string;
  text: string;
}

export interface PhotoDocument {
  /** Stable id for the CLI (--document ID) and settings. */
  id: string;
  name: string;
  /** Country or issuer as people search for it ("United Kingdom", "European Union"). */
  country: string;
  /** Extra words the picker matches (country codes, other names). */
  keywords: readonly string[];
  /** Printed size, width × height, in `unit` ('px' for screen-only pictures); null for custom (the user's size). */
  size: { width: number; height: number; unit: LengthUnit | 'px'; source: string } | null;
  /** Print resolution in dots per inch: pixels = size × dpi (rounded). */
  dpi: number;
  /** Chin to crown (hair included). */
  headHeight: StatedRange | null;
  /** Eye line measured from the bottom edge, where the document states one. */
  eyeLineFromBottom: StatedRange | null;
  /** Head width as a ratio of the photo's width. */
  headWidth: StatedRange | null;
  /** Largest allowed |face centre − photo centre| / width. */
  maxCenterOffset: { value: number; source: string } | null;
  /** Largest allowed roll of the eye line in the delivered photo, degrees. */
  maxRollDeg: { value: number; source: string } | null;
  /** Fewest pixels between the eye centres. */
  minInterEyePx: { value: number; source: string } | null;
  backgrounds: {
    allowed: readonly BackgroundKind[];
    preferred: { r: number; g: number; b: number };
    source: string;
  };
  digital: DigitalLimits | null;
  manual: readonly ManualRule[];
}

/** Where a rule comes from. `checked` is false for figures not read on the authority's own page. */
export interface DocumentSource {
  authority: string;
  page: string;
  url: string | null;
  checked: boolean;
  note: string;
}
