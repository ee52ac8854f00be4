/**
 * Every document of the table (contract/documents.ts) on real portraits, through the real engine
 * image built from docker/ (one container, one request per photo) and the app's own encoder and
 * print sheet: the pixels and physical size the files say, the head height and eye line measured
 * here from the returned landmarks and the PNG's alpha mask (not taken from the verdict), the upload
 * limits, a photo taken too far away, a group photo, and a print sheet of the results.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  documentPixels,
  findDocument,
  type RatioRange,
  rangeAsRatio,
} from '../../../contract/documentGeometry.ts';
import { documentOptions } from '../../../contract/documentProcessFields.ts';
import { DOCUMENTS } from '../../../contract/documents.ts';
import type { PhotoDocument } from '../../../contract/documentTypes.ts';
import { judgeDocumentPhoto } from '../../../contract/documentVerdict.ts';
import { DEFAULT_PROCESS_OPTIONS } from '../../../contract/processOptions.ts';
import type { Point } from '../../../docker/api/portraitGeometry.ts';
import { SOFT_ENLARGEMENT } from '../../../docker/api/softEnlargement.ts';
import { encodeDocumentPhoto } from '../../../electron/services/documents/encodeDocumentPhoto.ts';
import { makePrintSheet } from '../../../electron/services/documents/printSheet.ts';
import { EngineClient, type ProcessedPhoto } from '../../../electron/services/engineClient/engineClient.ts';
import { jpegDpi, pngDpi, takenFarAway, worstCopyError } from '../../support/documentPhotoFiles.ts';
import { ensureEngineImage, type RunningEngine, startEngineContainer } from '../../support/engineImage.ts';
import { fixturePath, REPO_ROOT } from '../../support/fixtures.ts';

const OUT = path.join(REPO_ROOT, 'test-output', 'documents');
const MM_PER_INCH = 25.4;
const LIGHT_BLUE = { r: 190, g: 210, b: 235 };

/** Frontal portraits, one per document in turn, so the table is tried on several faces. */
const FRONTAL = [
  'elderly-man-wrinkled-face.jpg',
  'dark-skin-man-frontal-beard.jpg',
  'grayscale-smiling-young-man.jpg',
  'frontal-woman-astronaut-orange-suit.png',
];

let engine: RunningEngine;
let client: EngineClient;

function documentById(id: string): PhotoDocument {
  const doc = findDocument(id);
  if (!doc) throw new Error(`no document ${id}`);
  return doc;
}

async function processFor(doc: PhotoDocument, photo: Buffer): Promise<ProcessedPhoto> {
  const options = documentOptions(doc, DEFAULT_PROCESS_OPTIONS);
  return client.processPhoto({ bytes: new Uint8Array(photo), name: 'photo' }, options);
}

const mean = (points: readonly Point[]) => ({
  x: points.reduce((sum, p) => sum + p.x, 0) / points.length,
  y: points.reduce((sum, p) => sum + p.y, 0) / points.length,
});

interface HeadInPixels {
  crownY: number;
  chinY: number;
  eyeLineY: number;
  headRatio: number;
  eyeLineFromBottom: number;
}

/**
 * The head measured on the delivered photo itself: the chin is the lowest of the jaw's bottom
 * landmarks, the eyes the centres of the 68-point eye contours, the crown the top of the opaque
 * alpha above the face (hair included), followed up from the eye line over the columns between the eyes.
 */
async function headInPixels(png: Uint8Array, landmarks: readonly Point[]): Promise<HeadInPixels> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const alpha = (x: number, y: number) => data[(y * info.width + x) * info.channels + 3]!;
  const left = mean(landmarks.slice(36, 42));
  const right = mean(landmarks.slice(42, 48));
  const eyeLineY = (left.y + right.y) / 2;
  const chinY = Math.max(...landmarks.slice(6, 11).map((p) => p.y));
  const startRow = Math.round(eyeLineY);
  let crown = Number.POSITIVE_INFINITY;
  for (let x = Math.round(left.x); x <= Math.round(right.x); x += 1) {
    if (alpha(x, startRow) < 128) continue;
    let top = startRow;
    // Small gaps (strands of hair) do not end the head.
    for (let y = startRow - 1; y >= 0 && y >= top - 3; y -= 1) if (alpha(x, y) >= 128) top = y;
    crown = Math.min(crown, top);
  }
  if (!Number.isFinite(crown)) throw new Error('No opaque head above the eyes in the alpha mask.');
  return {
    crownY: crown,
    chinY,
    eyeLineY,
    headRatio: (chinY - crown) / info.height,
    eyeLineFromBottom: (info.height - eyeLineY) / info.height,
  };
}

function within(value: number, range: RatioRange): boolean {
  return value >= range.min && value <= range.max;
}

const pct = (ratio: number) => `${(ratio * 100).toFixed(1)} %`;

/** The printed size in inches a document states, or null for screen-only pictures. */
function statedInches(doc: PhotoDocument): { width: number; height: number } | null {
  const size = doc.size;
  if (!size || size.unit === 'px') return null;
  const k = size.unit === 'mm' ? 1 / MM_PER_INCH : 1;
  return { width: size.width * k, height: size.height * k };
}

const results = new Map<string, { photo: ProcessedPhoto; jpg: Buffer }>();
const report: Record<string, unknown>[] = [];

beforeAll(async () => {
  await mkdir(OUT, { recursive: true });
  const image = await ensureEngineImage();
  engine = await startEngineContainer({ image, labels: { 'facecraft.test': 'documents' } });
  client = new EngineClient({ url: engine.url, apiKey: engine.apiKey, kind: 'facecraft-desktop' });
});

afterAll(async () => {
  await engine?.stop();
  await writeFile(path.join(OUT, 'per-document.json'), `${JSON.stringify(report, null, 2)}\n`);
});

describe('every document on real portraits (real engine image)', { timeout: 600_000 }, () => {
  const framed = DOCUMENTS.filter((doc) => doc.id !== 'custom');

  it.each(framed.map((doc, index) => [doc.id, FRONTAL[index % FRONTAL.length]!] as const))(
    '%s on %s: pixels, physical size, head height, eye line and upload limits',
    async (id, fixture) => {
      const doc = documentById(id);
      const photo = await processFor(doc, await readFile(fixturePath(fixture)));
      const want = documentPixels(doc, DEFAULT_PROCESS_OPTIONS);
      expect(photo.outputSize).toEqual(want);
      expect(photo.measurements).not.toBeNull();

      // The files as the app saves them: the document's resolution in each, the upload limit met.
      const background = documentOptions(doc, DEFAULT_PROCESS_OPTIONS).background;
      const png = await encodeDocumentPhoto(Buffer.from(photo.png), doc, 'png', background);
      const jpg = await encodeDocumentPhoto(Buffer.from(photo.png), doc, 'jpg', background);
      results.set(id, { photo, jpg: jpg.bytes });
      for (const file of [png.bytes, jpg.bytes]) {
        const meta = await sharp(file).metadata();
        expect({ width: meta.width, height: meta.height }).toEqual(want);
      }
      expect(pngDpi(png.bytes)).toBe(doc.dpi);
      expect(jpegDpi(jpg.bytes)).toEqual({ x: doc.dpi, y: doc.dpi });
      const inches = statedInches(doc);
      if (inches) {
        // Printed at 100 %, the file is the document's size to within one dot.
        expect(Math.abs(want.width / doc.dpi - inches.width)).toBeLessThanOrEqual(1 / doc.dpi);
        expect(Math.abs(want.height / doc.dpi - inches.height)).toBeLessThanOrEqual(1 / doc.dpi);
      }
      if (doc.digital) {
        expect(doc.digital.formats).toContain('jpg');
        expect(jpg.bytes.length).toBeLessThanOrEqual(doc.digital.maxBytes ?? Number.POSITIVE_INFINITY);
        expect(jpg.bytes.length).toBeGreaterThanOrEqual(doc.digital.minBytes ?? 0);
      }

      // The head measured here, on the delivered pixels, against the document's own ranges.
      const head = await headInPixels(photo.png, photo.measurements!.landmarks);
      const headRange = doc.headHeight ? rangeAsRatio(doc, doc.headHeight, 'height') : null;
      const eyeRange = doc.eyeLineFromBottom ? rangeAsRatio(doc, doc.eyeLineFromBottom, 'height') : null;
      const verdict = judgeDocumentPhoto(doc, {
        measurements: photo.measurements,
        faceCount: photo.faceCount,
        outputSize: photo.outputSize,
        file: { format: 'jpg', bytes: jpg.bytes.length },
        background,
      });
      report.push({
        document: id,
        fixture,
        pixels: `${want.width}×${want.height}`,
        dpi: doc.dpi,
        jpgBytes: jpg.bytes.length,
        jpgQuality: jpg.quality,
        head: pct(head.headRatio),
        headAllowed: headRange && `${pct(headRange.min)}–${pct(headRange.max)}`,
        eyeLine: pct(head.eyeLineFromBottom),
        eyeAllowed: eyeRange && `${pct(eyeRange.min)}–${pct(eyeRange.max)}`,
        engineSaysHead: pct(photo.measurements!.head_height_ratio),
        enlargement: photo.transform?.scale,
        headWidth: pct(photo.measurements!.head_width_ratio),
        verdict: verdict.overall,
        notPassed: verdict.rules.filter((r) => r.status !== 'pass').map((r) => `${r.id}: ${r.advice}`),
      });
      await sharp(photo.png)
        .flatten({ background })
        .png()
        .toFile(path.join(OUT, `document-${id}.png`));
      if (headRange) expect(within(head.headRatio, headRange), pct(head.headRatio)).toBe(true);
      if (eyeRange) expect(within(head.eyeLineFromBottom, eyeRange), pct(head.eyeLineFromBottom)).toBe(true);
      // The crown and chin lie inside the photo, with the hair clear of the top edge.
      expect(head.crownY).toBeGreaterThan(0);
      expect(head.chinY).toBeLessThan(want.height);
      for (const rule of ['one-face', 'pixels', 'file-size', 'background'])
        expect(verdict.rules.find((r) => r.id === rule)?.status ?? 'pass', rule).toBe('pass');
    },
  );

  it('a custom size gets exactly its pixels and no document rules', async () => {
    const doc = documentById('custom');
    const options = { ...DEFAULT_PROCESS_OPTIONS, width: 500, height: 640 };
    const photo = await client.processPhoto(
      { bytes: new Uint8Array(await readFile(fixturePath(FRONTAL[1]!))), name: 'photo' },
      documentOptions(doc, options),
    );
    expect(photo.outputSize).toEqual({ width: 500, height: 640 });
    const verdict = judgeDocumentPhoto(doc, {
      measurements: photo.measurements,
      faceCount: photo.faceCount,
      outputSize: photo.outputSize,
      file: null,
      background: options.background,
    });
    expect(verdict.rules.map((r) => r.id)).toEqual(['one-face', 'pixels', 'background']);
  });

  it('a photo taken too far away (shrunk to an eighth inside its canvas) fails head size and says to come closer', async () => {
    const doc = documentById('eu-passport');
    const far = await takenFarAway(await readFile(fixturePath(FRONTAL[0]!)), 8);
    await writeFile(path.join(OUT, 'too-distant-input.jpg'), far);
    const photo = await processFor(doc, far);
    const background = documentOptions(doc, DEFAULT_PROCESS_OPTIONS).background;
    await sharp(photo.png)
      .flatten({ background })
      .png()
      .toFile(path.join(OUT, 'too-distant-eu-passport.png'));
    const range = rangeAsRatio(doc, doc.headHeight!, 'height');
    const head = await headInPixels(photo.png, photo.measurements!.landmarks);
    expect(head.headRatio).toBeLessThan(range.min - 0.01);
    // Enlarged only up to soft, so the head could not reach the rule.
    expect(photo.transform?.scale).toBeCloseTo(SOFT_ENLARGEMENT, 3);

    const verdict = judgeDocumentPhoto(doc, {
      measurements: photo.measurements,
      faceCount: photo.faceCount,
      outputSize: photo.outputSize,
      file: null,
      background,
    });
    const rule = verdict.rules.find((r) => r.id === 'head-height');
    expect(rule?.status).toBe('fail');
    expect(rule?.advice).toMatch(
      /^The head is too small: \d+ % of the height, this document needs 71–80 %\. Take the photo closer, or crop tighter around the head\.$/,
    );
    expect(verdict.overall).toBe('fail');
    report.push({
      document: doc.id,
      fixture: 'too distant',
      head: pct(head.headRatio),
      advice: rule?.advice,
    });
  });

  it('a group photo warns that only one face may appear and that the largest was used', async () => {
    const doc = documentById('us-visa');
    const photo = await processFor(doc, await readFile(fixturePath('group-three-people-apollo11-crew.jpg')));
    expect(photo.faceCount).toBe(3);
    const verdict = judgeDocumentPhoto(doc, {
      measurements: photo.measurements,
      faceCount: photo.faceCount,
      outputSize: photo.outputSize,
      file: null,
      background: documentOptions(doc, DEFAULT_PROCESS_OPTIONS).background,
    });
    const rule = verdict.rules.find((r) => r.id === 'one-face');
    expect(rule?.status).toBe('check');
    expect(rule?.advice).toBe(
      'Only one face may appear — this photo has three; the largest was used. Check that nobody else shows in the result.',
    );
    expect(verdict.overall).not.toBe('pass');
  });
});

/** The delivered photo as a JPG on light blue: a background whose edge the sheet's pixels show. */
async function onBlue(id: string, png: Uint8Array): Promise<Buffer> {
  return (await encodeDocumentPhoto(Buffer.from(png), documentById(id), 'jpg', LIGHT_BLUE)).bytes;
}

describe('print sheets of the delivered photos', () => {
  it('puts six EU copies on 4 × 6 in at 1200 × 1800 px, each 413 × 531 px within 1 px, and the PDF at 4 × 6 in', async () => {
    const eu = results.get('eu-passport');
    expect(eu, 'the eu-passport photo was processed above').toBeDefined();
    // On light blue (allowed for the EU) rather than off-white, so each copy's edge shows in the sheet's pixels.
    const image = await onBlue('eu-passport', eu!.photo.png);
    const sheet = await makePrintSheet('4x6', [
      { image, document: documentById('eu-passport'), copies: null },
    ]);
    await writeFile(path.join(OUT, 'print-sheet-4x6-eu-passport.jpg'), sheet.jpg);
    await writeFile(path.join(OUT, 'print-sheet-4x6-eu-passport.pdf'), sheet.pdf);
    await sharp(sheet.jpg).png().toFile(path.join(OUT, 'print-sheet-4x6-eu-passport.png'));
    expect(await sharp(sheet.jpg).metadata()).toMatchObject({ width: 1200, height: 1800 });
    expect(jpegDpi(sheet.jpg)).toEqual({ x: 300, y: 300 });
    expect(sheet.layout.placements).toHaveLength(6);
    expect(
      await worstCopyError(sheet.jpg, sheet.layout.placements, () => ({ width: 413, height: 531 })),
    ).toBeLessThanOrEqual(1);
    const page = (await PDFDocument.load(sheet.pdf)).getPage(0).getSize();
    expect([page.width, page.height].map((v) => Math.round(v * 100) / 100)).toEqual([288, 432]);
  });

  it('lays out four Canadian and two Chinese copies asked for on A4, each at its own size within 1 px', async () => {
    const ca = results.get('ca-passport');
    const cn = results.get('cn-passport');
    expect(ca && cn, 'both photos were processed above').toBeTruthy();
    // On light blue rather than their white, so that each copy's edge shows in the sheet's pixels.
    const sheet = await makePrintSheet('a4', [
      { image: await onBlue('ca-passport', ca!.photo.png), document: documentById('ca-passport'), copies: 4 },
      { image: await onBlue('cn-passport', cn!.photo.png), document: documentById('cn-passport'), copies: 2 },
    ]);
    await sharp(sheet.jpg).png().toFile(path.join(OUT, 'print-sheet-a4-ca-cn.png'));
    const meta = await sharp(sheet.jpg).metadata();
    expect([meta.width, meta.height].sort()).toEqual([2480, 3508].sort());
    const byPhoto = (photo: number) => sheet.layout.placements.filter((p) => p.photo === photo);
    expect(byPhoto(0)).toHaveLength(4);
    expect(byPhoto(1)).toHaveLength(2);
    const sizes = [
      { width: 591, height: 827 },
      { width: 390, height: 567 },
    ];
    expect(
      await worstCopyError(sheet.jpg, sheet.layout.placements, (photo) => sizes[photo]!),
    ).toBeLessThanOrEqual(1);
  });
});
