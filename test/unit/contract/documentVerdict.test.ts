import { describe, expect, it } from 'vitest';
import { findDocument } from '../../../contract/documentGeometry.ts';
import type { PhotoDocument } from '../../../contract/documentTypes.ts';
import {
  judgeDocumentPhoto,
  UNMEASURED_REASON,
  type VerdictInput,
} from '../../../contract/documentVerdict.ts';
import type { PortraitMeasurements } from '../../../docker/api/portraitGeometry.ts';

function doc(id: string): PhotoDocument {
  const found = findDocument(id);
  if (!found) throw new Error(`no document ${id}`);
  return found;
}

/** Measurements as the engine reports them, from a crown, chin and eye line in output pixels. */
function measured(
  size: { width: number; height: number },
  face: {
    crown: number;
    chin: number;
    eyes: number;
    interEye: number;
    headWidth: number;
    centreX?: number;
    roll?: number;
  },
): PortraitMeasurements {
  const cx = face.centreX ?? size.width / 2;
  return {
    crown_y: face.crown,
    chin_y: face.chin,
    eye_left: { x: cx - face.interEye / 2, y: face.eyes },
    eye_right: { x: cx + face.interEye / 2, y: face.eyes },
    eye_line_y: face.eyes,
    head_height_ratio: (face.chin - face.crown) / size.height,
    head_width_ratio: face.headWidth / size.width,
    eye_line_from_bottom_ratio: (size.height - face.eyes) / size.height,
    center_offset_ratio: (cx - size.width / 2) / size.width,
    roll_before_deg: 6.2,
    roll_after_deg: face.roll ?? 0.3,
    inter_eye_px: face.interEye,
    landmarks: [],
  };
}

const EU = { width: 413, height: 531 };
const GREY = { r: 225, g: 225, b: 225 };

function input(over: Partial<VerdictInput>): VerdictInput {
  return {
    measurements: measured(EU, { crown: 22, chin: 422, eyes: 210, interEye: 104, headWidth: 260 }),
    faceCount: 1,
    outputSize: EU,
    file: { format: 'jpg', bytes: 61_000 },
    background: GREY,
    ...over,
  };
}

function rule(verdict: ReturnType<typeof judgeDocumentPhoto>, id: string) {
  const found = verdict.rules.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
}

describe('the document verdict', () => {
  it('passes a well framed EU passport photo, and still lists what a person must check', () => {
    const verdict = judgeDocumentPhoto(doc('eu-passport'), input({}));
    expect(verdict.overall).toBe('pass');
    expect(rule(verdict, 'head-height')).toMatchObject({
      status: 'pass',
      measured: '75 % of the height',
      allowed: '71–80 % of the height',
    });
    expect(rule(verdict, 'eye-line').status).toBe('pass');
    expect(verdict.manual.map((m) => m.id)).toEqual(
      expect.arrayContaining(['eyes-open', 'neutral-expression', 'glasses-glare']),
    );
    expect(verdict.rules.some((r) => r.id === 'eyes-open')).toBe(false);
  });

  it('fails a head that is too small with the sentence that says what to do', () => {
    // A distant photo: head 308 px of 531 = 58 %.
    const far = measured(EU, { crown: 120, chin: 428, eyes: 265, interEye: 80, headWidth: 200 });
    const verdict = judgeDocumentPhoto(doc('eu-passport'), input({ measurements: far }));
    expect(verdict.overall).toBe('fail');
    expect(rule(verdict, 'head-height').advice).toBe(
      'The head is too small: 58 % of the height, this document needs 71–80 %. Take the photo closer, or crop tighter around the head.',
    );
    expect(rule(verdict, 'inter-eye')).toMatchObject({ status: 'fail', measured: '80 px between the eyes' });
    expect(rule(verdict, 'inter-eye').advice).toMatch(
      /^The face is too small in the photo for this resolution/,
    );
  });

  it('calls a value just outside its range a check, not a fail (measurement noise)', () => {
    // 70.5 % against 71.1–80 %: within one percent of the height.
    const near = measured(EU, { crown: 50, chin: 424, eyes: 230, interEye: 100, headWidth: 250 });
    expect(
      judgeDocumentPhoto(doc('eu-passport'), input({ measurements: near })).rules.find(
        (r) => r.id === 'head-height',
      )?.status,
    ).toBe('check');
  });

  it('warns about a group photo: only one face may appear, the largest was used', () => {
    const verdict = judgeDocumentPhoto(doc('eu-passport'), input({ faceCount: 3 }));
    expect(verdict.overall).toBe('check');
    expect(rule(verdict, 'one-face').advice).toBe(
      'Only one face may appear — this photo has three; the largest was used. Check that nobody else shows in the result.',
    );
  });

  it('judges the US visa upload: pixels, the 240 KB limit, white background, inch ranges as ratios', () => {
    const size = { width: 600, height: 600 };
    const m = measured(size, { crown: 70, chin: 430, eyes: 230, interEye: 120, headWidth: 300 });
    const verdict = judgeDocumentPhoto(doc('us-visa'), {
      measurements: m,
      faceCount: 1,
      outputSize: size,
      file: { format: 'jpg', bytes: 251_000 },
      background: { r: 240, g: 240, b: 240 },
    });
    expect(rule(verdict, 'pixels').status).toBe('pass');
    expect(rule(verdict, 'head-height')).toMatchObject({ status: 'pass', allowed: '50–69 % of the height' });
    expect(rule(verdict, 'file-size')).toMatchObject({
      status: 'fail',
      measured: '245 KB',
      allowed: 'at most 240 KB',
    });
    expect(rule(verdict, 'background').status).toBe('pass');
    const passport = judgeDocumentPhoto(doc('us-passport'), {
      ...input({}),
      measurements: m,
      outputSize: size,
    });
    expect(rule(passport, 'eye-line').allowed).toBe('56–69 % of the height');
    expect(rule(passport, 'background')).toMatchObject({ status: 'fail' });
    expect(rule(passport, 'background').advice).toBe(
      'The background rgb(225, 225, 225) is not white or off-white: choose rgb(255, 255, 255) as the background colour.',
    );
  });

  it('fails the wrong pixel size, a tilted head and an off-centre face', () => {
    const tilted = measured(EU, {
      crown: 22,
      chin: 422,
      eyes: 210,
      interEye: 104,
      headWidth: 260,
      roll: 11,
      centreX: 250,
    });
    const verdict = judgeDocumentPhoto(
      doc('eu-passport'),
      input({ measurements: tilted, outputSize: { width: 648, height: 648 } }),
    );
    expect(rule(verdict, 'pixels')).toMatchObject({ status: 'fail', allowed: '413 × 531 px' });
    expect(rule(verdict, 'roll').advice).toBe('The head is tilted 11°: hold the head level.');
    expect(rule(verdict, 'centred')).toMatchObject({ status: 'fail', measured: '11 % right of the centre' });
  });

  it('says why geometry cannot be judged with the published image (no measurements)', () => {
    const verdict = judgeDocumentPhoto(doc('eu-passport'), input({ measurements: null }));
    expect(verdict.unmeasuredReason).toBe(UNMEASURED_REASON);
    expect(rule(verdict, 'head-height')).toMatchObject({
      status: 'check',
      measured: null,
      advice: UNMEASURED_REASON,
    });
    expect(verdict.overall).toBe('check');
  });

  it('leaves "one face" to the person with an engine that does not count faces (the published image)', () => {
    const verdict = judgeDocumentPhoto(
      doc('eu-passport'),
      input({ measurements: null, faceCount: 1, faceCountKnown: false }),
    );
    expect(rule(verdict, 'one-face')).toMatchObject({
      status: 'check',
      advice: 'This engine does not count the faces in a photo: check that only one face appears.',
    });
  });

  it('fails a photo without a face', () => {
    const verdict = judgeDocumentPhoto(doc('uk-passport'), input({ faceCount: 0, measurements: null }));
    expect(rule(verdict, 'one-face')).toMatchObject({ status: 'fail' });
    expect(verdict.overall).toBe('fail');
  });
});

describe('the UK online application', () => {
  it('accepts any size from 600 × 750 px and judges the 50 KB–10 MB upload', () => {
    const size = { width: 900, height: 1157 };
    const m = measured(size, { crown: 80, chin: 900, eyes: 470, interEye: 190, headWidth: 560 });
    const verdict = judgeDocumentPhoto(doc('uk-passport-digital'), {
      measurements: m,
      faceCount: 1,
      outputSize: size,
      file: { format: 'jpg', bytes: 40_000 },
      background: GREY,
    });
    expect(rule(verdict, 'pixels')).toMatchObject({ status: 'pass', allowed: 'at least 600 × 750 px' });
    expect(rule(verdict, 'file-size')).toMatchObject({
      status: 'fail',
      allowed: 'at least 50.0 KB, at most 10.0 MB',
    });
    expect(rule(verdict, 'file-size').advice).toBe(
      'The file is 39.1 KB; uploads must be at least 50.0 KB. Save it at a higher quality or a larger pixel size.',
    );
  });
});
