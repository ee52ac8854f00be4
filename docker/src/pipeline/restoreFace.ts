/**
 * The face-restoration stage (CodeFormer in the published image). This engine bundles no restoration
 * model, so the stage is absent: `enhance_face` is accepted, never fails a request, and /status reports
 * `face_enhancer.loaded = false`. A model is added by naming its file, checksum and input size here
 * (and fetching it in the image's models stage); the stage then runs on the aligned face at that size.
 */
import type { RgbImage } from './rgbImage.ts';

export interface FaceRestorationModel {
  /** /status.models.face_enhancer.type */
  type: string;
  fileName: string;
  sha256: string;
  /** The square face crop the model takes, in pixels. */
  inputSize: number;
}

export interface FaceRestorer {
  readonly model: FaceRestorationModel;
  /** The portrait with the face restored; `fidelity` 0..1 (higher keeps more of the original). */
  restore(
    portrait: RgbImage,
    face: { x: number; y: number; side: number },
    fidelity: number,
  ): Promise<RgbImage>;
}

/** What /status names when no restorer is loaded (the published image's model). */
export const absentRestorationType = 'codeformer';

/** None is bundled: a restorer would be created here from a FaceRestorationModel and its verified file. */
export function bundledFaceRestorer(): FaceRestorer | null {
  return null;
}
