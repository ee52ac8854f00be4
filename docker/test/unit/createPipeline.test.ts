import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pipeline } from '../../src/pipeline/types.ts';
import { PipelineError } from '../../src/pipeline/types.ts';
import { defaultOptions, fixture, modelTimeout, openPipeline } from './support/engineFixtures.ts';
import { alphaAt, cornerAlphas, rgbaPixels } from './support/pixels.ts';

let pipeline: Pipeline;

beforeAll(async () => {
  pipeline = await openPipeline();
  await pipeline.warmUp();
}, modelTimeout);

afterAll(async () => {
  await pipeline?.close();
});

describe('createPipeline', () => {
  it('reports its models and the device it really uses', () => {
    expect(pipeline.models()).toEqual({
      face_detector: { loaded: true, type: 'dlib_frontal_face' },
      face_landmarks: { loaded: true, type: 'shape_predictor_68' },
      face_enhancer: { loaded: false, type: 'codeformer' },
      background_remover: { loaded: true, type: 'isnet_medium' },
    });
    expect(pipeline.device().type).toBe('cpu');
  });

  it(
    'turns a portrait into a 648×648 PNG (transparent corners, opaque centre) and a JPG ≤ 99 KB',
    async () => {
      const result = await pipeline.process(fixture('dark-skin-man-frontal-beard.jpg'), defaultOptions);
      expect(result.faceDetected).toBe(true);
      expect(result.faceCount).toBe(1);
      expect(result.facePosition!.width).toBeGreaterThan(200);
      const png = await rgbaPixels(result.png!);
      expect([png.width, png.height]).toEqual([648, 648]);
      for (const corner of cornerAlphas(png)) expect(corner).toBe(0);
      expect(alphaAt(png, 324, 324)).toBe(255);
      expect(result.jpg!.length).toBeLessThanOrEqual(99 * 1024);
      const jpg = await sharp(result.jpg!).metadata();
      expect([jpg.format, jpg.width, jpg.height]).toEqual(['jpeg', 648, 648]);
      // The JPG is composited on the background colour: its corner is the 240 grey.
      const { data } = await sharp(result.jpg!).raw().toBuffer({ resolveWithObject: true });
      expect(Math.abs(data[0]! - 240)).toBeLessThan(8);
    },
    modelTimeout,
  );

  it(
    'honours other sizes (600×600, 413×531) on an EXIF-rotated photo',
    async () => {
      const input = fixture('exif-orientation-6-smiling-woman.jpg');
      for (const [width, height] of [
        [600, 600],
        [413, 531],
      ] as const) {
        const result = await pipeline.process(input, { ...defaultOptions, width, height });
        const png = await rgbaPixels(result.png!);
        expect([png.width, png.height]).toEqual([width, height]);
        expect(result.outputSize).toEqual({ width, height });
        expect(alphaAt(png, width / 2, height / 2)).toBe(255);
        for (const corner of cornerAlphas(png)) expect(corner).toBe(0);
      }
    },
    modelTimeout * 2,
  );

  it(
    'without the oval mask keeps the segmentation alone: the shoulders reach the bottom edge',
    async () => {
      // The astronaut's suit goes on below the frame: the body reaches the portrait's bottom edge.
      const result = await pipeline.process(fixture('frontal-woman-astronaut-orange-suit.png'), {
        ...defaultOptions,
        use_oval_mask: false,
      });
      const png = await rgbaPixels(result.png!);
      expect(alphaAt(png, 2, 2)).toBe(0);
      // With the oval, the bottom centre would be outside it (alpha 0); without, it is the subject's clothes.
      expect(alphaAt(png, 324, 640)).toBeGreaterThan(200);
    },
    modelTimeout,
  );

  it('answers faceDetected=false with no images for a photo without a face', async () => {
    const result = await pipeline.process(fixture('no-face-landscape-palm-beach.jpg'), defaultOptions);
    expect(result).toMatchObject({
      faceDetected: false,
      faceCount: 0,
      facePosition: null,
      png: null,
      jpg: null,
    });
  });

  it('throws a PipelineError with a code for bad input', async () => {
    const error = await pipeline
      .process(Buffer.from('not an image'), defaultOptions)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PipelineError);
    expect((error as PipelineError).code).toBe('invalid_image');
  });
});
