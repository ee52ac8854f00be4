/**
 * The typed face of the native dlib addon (native/, built by `npm run build:addon`).
 */
import { createRequire } from 'node:module';
import path from 'node:path';

export interface DetectedRect {
  left: number;
  top: number;
  right: number;
  bottom: number;
  /** dlib's detection confidence (higher is surer). */
  score: number;
}

export interface NativeShapePredictor {
  /** 68 points as x0, y0, x1, y1, ... in the pixel coordinates of the given grey image. */
  landmarks(
    pixels: Uint8Array,
    width: number,
    height: number,
    left: number,
    top: number,
    right: number,
    bottom: number,
  ): Float64Array;
}

export interface DlibAddon {
  /** HOG frontal detection on a worker thread; rects in the given image's pixels. upsample 0..3. */
  detectFaces(pixels: Uint8Array, width: number, height: number, upsample: number): Promise<DetectedRect[]>;
  loadShapePredictor(predictorPath: string): Promise<NativeShapePredictor>;
}

export const addonFile = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  'native',
  'build',
  'Release',
  'facecraft_dlib.node',
);

let loaded: DlibAddon | null = null;

export function dlibAddon(): DlibAddon {
  if (!loaded) {
    try {
      loaded = createRequire(import.meta.url)(addonFile) as DlibAddon;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `Cannot load the dlib addon ${addonFile} (run \`npm run build:addon\` in docker/): ${reason}`,
      );
    }
  }
  return loaded;
}
