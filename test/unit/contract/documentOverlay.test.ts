/**
 * The verdict overlay on a real photo, framed for the EU passport by the engine's framing maths
 * (docker/src/pipeline/documentFraming.ts), and the same photo made "too distant" (shrunk inside a
 * larger canvas, framed without a target). Writes both pictures to test-output/documents/ to look at.
 * The head positions in the source photo are measured by hand (crown, chin, eyes of the fixture).
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { documentPixels, findDocument } from '../../../contract/documentGeometry.ts';
import { overlayGuides, overlaySvg } from '../../../contract/documentOverlay.ts';
import { documentFramingFields } from '../../../contract/documentProcessFields.ts';
import { judgeDocumentPhoto } from '../../../contract/documentVerdict.ts';
import type { PortraitMeasurements } from '../../../docker/api/portraitGeometry.ts';
import { documentCrop } from '../../../docker/src/pipeline/documentFraming.ts';
import { fixturePath, REPO_ROOT } from '../../support/fixtures.ts';

const OUT = path.join(REPO_ROOT, 'test-output', 'documents');
const EU = findDocument('eu-passport')!;
const SIZE = documentPixels(EU, { width: 0, height: 0 });
const GREY = { r: 225, g: 225, b: 225 };
/** dark-skin-man-frontal-beard.jpg, 1000 × 1000: hand-measured. */
const HEAD = { crownY: 22, chinY: 830, eyeLineY: 430, centerX: 504, eyeLeftX: 388, eyeRightX: 620 };

function measurementsIn(map: (y: number) => number, mapX: (x: number) => number): PortraitMeasurements {
  const crown = map(HEAD.crownY);
  const chin = map(HEAD.chinY);
  const eyes = map(HEAD.eyeLineY);
  const left = mapX(HEAD.eyeLeftX);
  const right = mapX(HEAD.eyeRightX);
  return {
    crown_y: crown,
    chin_y: chin,
    eye_left: { x: left, y: eyes },
    eye_right: { x: right, y: eyes },
    eye_line_y: eyes,
    head_height_ratio: (chin - crown) / SIZE.height,
    head_width_ratio: ((right - left) * 2.1) / SIZE.width,
    eye_line_from_bottom_ratio: (SIZE.height - eyes) / SIZE.height,
    center_offset_ratio: (mapX(HEAD.centerX) - SIZE.width / 2) / SIZE.width,
    roll_before_deg: 1.5,
    roll_after_deg: 0,
    inter_eye_px: right - left,
    landmarks: [],
  };
}

async function picture(photo: Buffer, m: PortraitMeasurements, name: string) {
  const verdict = judgeDocumentPhoto(EU, {
    measurements: m,
    faceCount: 1,
    outputSize: SIZE,
    file: null,
    background: GREY,
  });
  const svg = overlaySvg(overlayGuides(EU, m, SIZE), SIZE, verdict.overall);
  await mkdir(OUT, { recursive: true });
  await sharp(photo)
    .composite([{ input: Buffer.from(svg) }])
    .png()
    .toFile(path.join(OUT, name));
  return verdict;
}

describe('the verdict overlay on a real photo', () => {
  it('frames the photo for the EU passport by its targets and passes, with the lines inside their bands', async () => {
    const fields = documentFramingFields(EU, { ...SIZE, ovalMask: false, background: GREY });
    const crop = documentCrop(
      HEAD,
      {
        headRatio: fields.target_head_ratio,
        eyeLineFromBottom: fields.target_eye_line,
        width: SIZE.width,
        height: SIZE.height,
      },
      { width: 1000, height: 1000 },
    );
    // Apply the crop the way the engine would: scale, then cut out, padding with the background.
    const scaled = await sharp(await readFile(fixturePath('dark-skin-man-frontal-beard.jpg')))
      .resize(Math.round(1000 * crop.scale))
      .extend({ top: 400, bottom: 400, left: 400, right: 400, background: GREY })
      .toBuffer();
    const photo = await sharp(scaled)
      .extract({
        left: Math.round(crop.x * crop.scale) + 400,
        top: Math.round(crop.y * crop.scale) + 400,
        ...SIZE,
      })
      .toBuffer();
    const m = measurementsIn(
      (y) => (y - crop.y) * crop.scale,
      (x) => (x - crop.x) * crop.scale,
    );
    const verdict = await picture(photo, m, 'verdict-pass-eu.png');
    expect(verdict.rules.find((r) => r.id === 'head-height')?.status).toBe('pass');
    expect(verdict.rules.find((r) => r.id === 'eye-line')?.status).toBe('pass');
    const { bands } = overlayGuides(EU, m, SIZE);
    const crownBand = bands.find((b) => b.id === 'crown-band')!;
    expect(m.crown_y).toBeGreaterThanOrEqual(crownBand.top);
    expect(m.crown_y).toBeLessThanOrEqual(crownBand.bottom);
  });

  it('fails head size on the same photo made too distant (shrunk inside a larger canvas)', async () => {
    // The photo at 40 % in the middle of a 1000 × 1000 canvas, then fitted to 413 × 531 (cover).
    const small = await sharp(await readFile(fixturePath('dark-skin-man-frontal-beard.jpg')))
      .resize(400)
      .toBuffer();
    const canvas = await sharp({ create: { width: 1000, height: 1000, channels: 3, background: GREY } })
      .composite([{ input: small, left: 300, top: 300 }])
      .png()
      .toBuffer();
    const scale = SIZE.height / 1000;
    const left = (1000 * scale - SIZE.width) / 2;
    const photo = await sharp(canvas).resize(SIZE.width, SIZE.height, { fit: 'cover' }).toBuffer();
    const m = measurementsIn(
      (y) => (300 + y * 0.4) * scale,
      (x) => (300 + x * 0.4) * scale - left,
    );
    const verdict = await picture(photo, m, 'verdict-fail-eu-distant.png');
    expect(verdict.overall).toBe('fail');
    expect(verdict.rules.find((r) => r.id === 'head-height')?.advice).toBe(
      'The head is too small: 32 % of the height, this document needs 71–80 %. Take the photo closer, or crop tighter around the head.',
    );
  });
});
