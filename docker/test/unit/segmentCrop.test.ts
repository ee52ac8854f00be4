import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelFileError } from '../../src/models/modelFileError.ts';
import { findSegmentationModel } from '../../src/models/segmentationModels.ts';
import { rotationAbout } from '../../src/pipeline/affine.ts';
import { alignFace } from '../../src/pipeline/alignFace.ts';
import { decodeImage } from '../../src/pipeline/decodeImage.ts';
import { detectFaces } from '../../src/pipeline/detectFaces.ts';
import { dlibAddon } from '../../src/pipeline/dlibAddon.ts';
import { faceLandmarks } from '../../src/pipeline/faceLandmarks.ts';
import { faceFeatures, headExtent, segmentationRegion } from '../../src/pipeline/headFrame.ts';
import { toGrey } from '../../src/pipeline/rgbImage.ts';
import {
  createSegmentationSession,
  type SegmentationSession,
  segmentationGraphs,
} from '../../src/pipeline/segmentationSession.ts';
import { segmentRegion } from '../../src/pipeline/segmentRegion.ts';
import { fixture, modelsDir, modelTimeout, shapePredictor } from './support/engineFixtures.ts';
import { alphaAt } from './support/pixels.ts';

const model = findSegmentationModel('isnet-medium');
const warnings: string[] = [];
const logger = { info: () => {}, warn: (line: string) => warnings.push(line) };
let session: SegmentationSession;

beforeAll(async () => {
  session = await createSegmentationSession(segmentationGraphs(model, modelsDir), model, 'cuda', logger);
}, modelTimeout);

afterAll(async () => {
  await session?.release();
});

describe('segmentRegion (IS-Net medium)', () => {
  it('falls back to the CPU, and says so, when CUDA is asked for but cannot be used', () => {
    expect(session.device).toEqual({ type: 'cpu', name: null, cuda_version: null });
    expect(warnings.join('\n')).toMatch(/CUDA execution provider could not be created.*falling back to CPU/);
  });

  it(
    'removes the background of the region around the head: corners transparent, the face opaque, the crown above the brows',
    async () => {
      const image = await decodeImage(fixture('elderly-man-wrinkled-face.jpg'), { maxPixels: 50_000_000 });
      const { faces } = await detectFaces(image, dlibAddon());
      const alignment = alignFace(faceLandmarks(toGrey(image), faces[0]!, await shapePredictor()));
      const features = faceFeatures(alignment);
      const region = segmentationRegion(features, 0.3, 648, 648);
      const { mask } = await segmentRegion(
        image,
        rotationAbout(alignment.centre, -alignment.angle),
        region,
        session,
      );
      expect([mask.width, mask.height]).toEqual([1024, 1024]);
      const corners = [alphaAt(mask, 2, 2, 1), alphaAt(mask, 1021, 2, 1)];
      for (const corner of corners) expect(corner).toBeLessThan(10);
      const k = 1024 / region.width;
      const eye = { x: (features.centreX - region.left) * k, y: (features.eyeLine - region.top) * k };
      expect(alphaAt(mask, eye.x, eye.y, 1)).toBe(255);
      const head = headExtent(mask, region, features);
      expect(head.guessed).toBe(false);
      // Hair and skull above the brows: the crown is well above them, but below the region's top.
      expect(head.crown).toBeLessThan(features.browTop - 0.3 * (features.chin - features.browTop));
      expect(head.crown).toBeGreaterThan(region.top);
    },
    modelTimeout,
  );
});

describe('a CPU image (no CUDA graph) asked for CUDA', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'facecraft-graphs-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const cpuOnly = () => {
    const graphs = segmentationGraphs(model, modelsDir);
    return { ...graphs, cuda: { ...graphs.cuda, path: path.join(scratch, path.basename(graphs.cuda.path)) } };
  };

  it(
    'runs on the CPU and says why when the image carries no CUDA graph',
    async () => {
      const lines: string[] = [];
      const cpuImage = await createSegmentationSession(cpuOnly(), model, 'cuda', {
        info: () => {},
        warn: (line) => lines.push(line),
      });
      try {
        expect(cpuImage.device.type).toBe('cpu');
        expect(lines.join('\n')).toMatch(
          /device "cuda": CUDA cannot be used \(this image carries no CUDA graph \(isnet-medium-any-size\.onnx\): it is a CPU image\); falling back to CPU/,
        );
      } finally {
        await cpuImage.release();
      }
    },
    modelTimeout,
  );

  it('still refuses to start on a CUDA graph that is there but corrupt', async () => {
    const graphs = cpuOnly();
    writeFileSync(graphs.cuda.path, 'not the model');
    const error = await createSegmentationSession(graphs, model, 'cuda', logger).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ModelFileError);
    expect((error as ModelFileError).code).toBe('model_checksum_mismatch');
  });
});
