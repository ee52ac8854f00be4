import { describe, expect, it } from 'vitest';
import {
  classifyBackground,
  documentPixels,
  documentSummary,
  findDocument,
  rangeAsRatio,
  searchDocuments,
} from '../../../contract/documentGeometry.ts';
import { documentFramingFields } from '../../../contract/documentProcessFields.ts';
import { DOCUMENT_SOURCES, DOCUMENTS } from '../../../contract/documents.ts';
import { type PROCESS_FIELDS, processFieldProblem } from '../../../docker/api/processFields.ts';

const CUSTOM = { width: 800, height: 1000 };

describe('the documents table', () => {
  it('holds the documents the issue asks for, each rule naming a source that exists', () => {
    const ids = DOCUMENTS.map((d) => d.id);
    for (const id of [
      'eu-passport',
      'uk-passport',
      'us-passport',
      'us-visa',
      'ca-passport',
      'in-visa',
      'in-passport',
      'cn-passport',
      'cn-visa-digital',
      'jp-passport',
      'profile-648',
      'custom',
    ])
      expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const d of DOCUMENTS) {
      const sources = [
        d.size?.source,
        d.headHeight?.source,
        d.eyeLineFromBottom?.source,
        d.backgrounds.source,
        d.digital?.source,
      ];
      for (const s of sources) if (s !== undefined) expect(Object.keys(DOCUMENT_SOURCES)).toContain(s);
    }
  });

  it('turns physical sizes into pixels at the document dpi', () => {
    const px = (id: string) => documentPixels(findDocument(id)!, CUSTOM);
    expect(px('eu-passport')).toEqual({ width: 413, height: 531 });
    expect(px('us-passport')).toEqual({ width: 600, height: 600 });
    expect(px('ca-passport')).toEqual({ width: 591, height: 827 });
    expect(px('cn-passport')).toEqual({ width: 390, height: 567 });
    expect(px('cn-visa-digital')).toEqual({ width: 385, height: 560 });
    expect(px('profile-648')).toEqual({ width: 648, height: 648 });
    expect(px('custom')).toEqual(CUSTOM);
  });

  it('states head ranges as the authority does and derives the ratio of the height', () => {
    const eu = findDocument('eu-passport')!;
    const r = rangeAsRatio(eu, eu.headHeight!, 'height');
    expect(r.min).toBeCloseTo(32 / 45, 6);
    expect(r.max).toBeCloseTo(0.8, 6);
    const us = findDocument('us-passport')!;
    expect(rangeAsRatio(us, us.eyeLineFromBottom!, 'height')).toEqual({ min: 0.5625, max: 0.6875 });
  });

  it('finds documents by country, code and name', () => {
    expect(searchDocuments('united kingdom').map((d) => d.id)).toEqual([
      'uk-passport',
      'uk-passport-digital',
    ]);
    expect(searchDocuments('schengen').map((d) => d.id)).toEqual(['eu-passport']);
    expect(searchDocuments('US visa').map((d) => d.id)).toEqual(['us-visa']);
    expect(
      searchDocuments('india')
        .map((d) => d.id)
        .sort(),
    ).toEqual(['in-passport', 'in-visa']);
  });

  it('names background colours in the words authorities use', () => {
    expect(classifyBackground({ r: 255, g: 255, b: 255 })).toEqual(
      expect.arrayContaining(['white', 'off-white']),
    );
    expect(classifyBackground({ r: 210, g: 210, b: 210 })).toContain('light-grey');
    expect(classifyBackground({ r: 180, g: 210, b: 240 })).toContain('light-blue');
    expect(classifyBackground({ r: 40, g: 60, b: 200 })).toEqual([]);
  });

  it('sums up a document in one line', () => {
    expect(documentSummary(findDocument('eu-passport')!, CUSTOM)).toBe(
      '35 × 45 mm at 300 dpi = 413 × 531 px · head 32–36 mm (71–80 %) · eyes 50–70 % from the bottom · background light grey or light blue or off-white',
    );
    expect(documentSummary(findDocument('us-visa')!, CUSTOM)).toContain('upload JPG ≤ 240 KB');
  });
});

describe('a document as the engine framing fields', () => {
  it('sends pixels, dpi, the middle of the head and eye ranges, no oval, an allowed background', () => {
    const fields = documentFramingFields(findDocument('us-passport')!, {
      ...CUSTOM,
      ovalMask: true,
      background: { r: 225, g: 225, b: 225 },
    });
    expect(fields).toEqual({
      width: 600,
      height: 600,
      dpi: 300,
      target_head_ratio: 0.5938,
      target_eye_line: 0.625,
      use_oval_mask: false,
      background_r: 255,
      background_g: 255,
      background_b: 255,
    });
    for (const [name, value] of Object.entries(fields))
      expect(processFieldProblem(name as keyof typeof PROCESS_FIELDS, value)).toBeNull();
  });

  it('keeps the user size, oval and an allowed colour for custom', () => {
    const fields = documentFramingFields(findDocument('custom')!, {
      ...CUSTOM,
      ovalMask: true,
      background: { r: 240, g: 240, b: 240 },
    });
    expect(fields).toMatchObject({
      width: 800,
      height: 1000,
      target_head_ratio: 0,
      use_oval_mask: true,
      background_r: 240,
    });
  });
});
