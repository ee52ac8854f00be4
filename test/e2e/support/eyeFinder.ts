/**
 * Finds the eyes in a picture (a screenshot of the compare view, a canvas's pixels) with the engine's own
 * dlib detector and 68-point landmarks, run on the host (the engine package's addon and models, which
 * the test runner installs). Independent of the app: it looks at pixels, not at the app's matrices.
 * The engine is its own package, so its modules are loaded at run time rather than type-imported.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Point {
  x: number;
  y: number;
}

export interface Eyes {
  /** The eye on the picture's left. */
  left: Point;
  right: Point;
}

interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

interface EngineModules {
  decodeImage(input: Buffer, limits: { maxPixels: number }): Promise<RgbImage>;
  detectFaces(
    image: RgbImage,
    addon: unknown,
  ): Promise<{ faces: { x: number; y: number; width: number; height: number }[] }>;
  faceLandmarks(grey: unknown, face: unknown, predictor: unknown): { leftEye: Point; rightEye: Point };
  toGrey(image: RgbImage): unknown;
  dlibAddon(): { loadShapePredictor(file: string): Promise<unknown> };
}

const DOCKER = path.resolve(import.meta.dirname, '..', '..', '..', 'docker');

async function engineModules(): Promise<EngineModules> {
  const load = (name: string) =>
    import(pathToFileURL(path.join(DOCKER, 'src', 'pipeline', name)).href) as Promise<Partial<EngineModules>>;
  const parts = await Promise.all(
    ['decodeImage.ts', 'detectFaces.ts', 'faceLandmarks.ts', 'rgbImage.ts', 'dlibAddon.ts'].map(load),
  );
  return Object.assign({}, ...parts) as EngineModules;
}

/** Answers a function from PNG/JPEG bytes to the eyes of the largest face, or null when none is found. */
export async function eyeFinder(): Promise<(picture: Buffer) => Promise<Eyes | null>> {
  const engine = await engineModules();
  const addon = engine.dlibAddon();
  const predictor = await addon.loadShapePredictor(
    path.join(DOCKER, 'models', 'shape_predictor_68_face_landmarks.dat'),
  );
  return async (picture) => {
    const image = await engine.decodeImage(picture, { maxPixels: 50_000_000 });
    const face = (await engine.detectFaces(image, addon)).faces[0];
    if (!face) return null;
    const landmarks = engine.faceLandmarks(engine.toGrey(image), face, predictor);
    return { left: landmarks.leftEye, right: landmarks.rightEye };
  };
}

export const distance = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);
