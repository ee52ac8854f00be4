import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSegmentationModel } from '../../src/models/segmentationModels.ts';
import { alignFace } from '../../src/pipeline/alignFace.ts';
import { cropFace } from '../../src/pipeline/cropFace.ts';
import { decodeImage } from '../../src/pipeline/decodeImage.ts';
import { detectFaces } from '../../src/pipeline/detectFaces.ts';
import { dlibAddon } from '../../src/pipeline/dlibAddon.ts';
import { faceLandmarks } from '../../src/pipeline/faceLandmarks.ts';
import { toGrey } from '../../src/pipeline/rgbImage.ts';
import {
  createSegmentationSession,
  type SegmentationSession,
} from '../../src/pipeline/segmentationSession.ts';
import { segmentCrop } from '../../src/pipeline/segmentCrop.ts';
import { fixture, modelsDir, modelTimeout, shapePredictor } from './support/engineFixtures.ts';
import { alphaAt } from './support/pixels.ts';

const model = findSegmentationModel('isnet-medium');
const warnings: string[] = [];
const logger = { info: () => {}, warn: (line: string) => warnings.push(line) };
let session: SegmentationSession;

beforeAll(async () => {
  session = await createSegmentationSession(path.join(modelsDir, model.fileName), model, 'cuda', logger);
}, modelTimeout);

afterAll(async () => {
  await session?.release();
});

describe('segmentCrop (IS-Net medium)', () => {
  it('falls back to the CPU, and says so, when CUDA is asked for but cannot be used', () => {
    expect(session.device).toEqual({ type: 'cpu', name: null, cuda_version: null });
    expect(warnings.join('\n')).toMatch(/CUDA execution provider could not be created.*falling back to CPU/);
  });

  it(
    'removes the background of the face crop: corners transparent, the face opaque',
    async () => {
      const image = await decodeImage(fixture('elderly-man-wrinkled-face.jpg'), { maxPixels: 50_000_000 });
      const { faces } = await detectFaces(image, dlibAddon());
      const alignment = alignFace(faceLandmarks(toGrey(image), faces[0]!, await shapePredictor()));
      const crop = await cropFace(image, alignment, 0.3, 1024);
      const alpha = await segmentCrop(crop.image, session);
      expect([alpha.width, alpha.height]).toEqual([crop.image.width, crop.image.height]);
      const { width: w, height: h } = alpha;
      const corners = [alphaAt(alpha, 2, 2, 1), alphaAt(alpha, w - 3, 2, 1), alphaAt(alpha, 2, h - 3, 1)];
      for (const corner of corners) expect(corner).toBeLessThan(10);
      expect(alphaAt(alpha, w / 2, h / 2, 1)).toBe(255);
    },
    modelTimeout,
  );
});
