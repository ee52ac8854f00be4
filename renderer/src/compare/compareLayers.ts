/**
 * Where the compare view draws its two pictures. Both layers share one frame-to-stage map (so zoom moves
 * them together): in "portrait" mode the frame is the portrait and the source is drawn through the
 * framing; in "original" mode the frame is the whole source and the portrait is drawn back where it came
 * from in it.
 */
import { type Affine, composeAffine, invertAffine } from './affine.ts';
import { type Framing, frameToStage, type Size, type Zoom } from './portraitFraming.ts';

export type CompareMode = 'portrait' | 'original';

export interface CompareLayers {
  /** The picture zoom and the stage's shape refer to. */
  frame: Size;
  /** Source pixels → stage pixels. */
  before: Affine;
  /** Portrait pixels → stage pixels. */
  after: Affine;
}

export function compareLayers(
  mode: CompareMode,
  framing: Framing | null,
  source: Size,
  output: Size,
  stage: Size,
  zoom: Zoom,
): CompareLayers {
  if (mode === 'original' || !framing) {
    const toStage = frameToStage(stage, source, zoom);
    // Without a framing (no face) the portrait cannot be placed in the photo: it is shown on its own.
    const after = framing
      ? composeAffine(toStage, invertAffine(framing.sourceToOutput))
      : frameToStage(stage, output, zoom);
    return { frame: source, before: toStage, after };
  }
  const toStage = frameToStage(stage, output, zoom);
  return { frame: output, before: composeAffine(toStage, framing.sourceToOutput), after: toStage };
}
