/**
 * How the upright source photo maps onto the portrait, so the compare view can show "before" with the
 * portrait's framing. Our engine says exactly (result.transform); for an engine that does not (the
 * published image) the framing is rebuilt from the face box and the margin the way the crop is defined
 * in the API (margin × the face on the left, right and below, 1.5 × that above, fitted and centred) —
 * without the levelling rotation, which only landmarks could tell, hence "approximate".
 */
import type { QueueItemResult } from '../../../contract/domain.ts';
import type { FaceBox } from '../../../contract/engineApi.ts';
import { faceMarginCrop } from '../../../docker/api/faceMarginCrop.ts';
import type { PortraitTransform } from '../../../docker/api/portraitGeometry.ts';
import { type Affine, scaleAndTranslate } from './affine.ts';

export interface Size {
  width: number;
  height: number;
}

export interface Framing {
  /** Upright source pixels → portrait pixels. */
  sourceToOutput: Affine;
  /** True when derived from the face box rather than told by the engine. */
  approximate: boolean;
}

export function exactFraming(transform: PortraitTransform): Framing {
  return { sourceToOutput: [...transform.source_to_output], approximate: false };
}

export function approximateFraming(face: FaceBox, faceMargin: number, output: Size): Framing {
  const crop = faceMarginCrop(face, faceMargin);
  const scale = Math.min(output.width / crop.width, output.height / crop.height);
  // Centred in the output, the rest is padding (as the engines fit the crop).
  const left = (output.width - crop.width * scale) / 2;
  const top = (output.height - crop.height * scale) / 2;
  return {
    sourceToOutput: scaleAndTranslate(scale, left - scale * crop.x, top - scale * crop.y),
    approximate: true,
  };
}

/** The best framing a result allows; null when there is no face to frame (nothing to align). */
export function framingOf(result: QueueItemResult, faceMargin: number): Framing | null {
  if (result.transform) return exactFraming(result.transform);
  if (!result.face || result.face.width <= 0 || result.face.height <= 0) return null;
  return approximateFraming(result.face, faceMargin, result.outputSize);
}

/** Output pixels per source pixel of a framing (its mean linear scale). */
export function framingScale(framing: Framing): number {
  const [a, b, c, d] = framing.sourceToOutput;
  return Math.sqrt(Math.abs(a * d - b * c));
}

export interface Zoom {
  /** 1 = the whole frame fits the stage. */
  factor: number;
  /** The frame point shown at the stage's centre, in frame pixels. */
  centre: { x: number; y: number };
}

export const MIN_ZOOM = 1;
export const MAX_ZOOM = 8;

export function unzoomed(frame: Size): Zoom {
  return { factor: 1, centre: { x: frame.width / 2, y: frame.height / 2 } };
}

function containScale(stage: Size, frame: Size): number {
  if (stage.width <= 0 || stage.height <= 0 || frame.width <= 0 || frame.height <= 0) return 0;
  return Math.min(stage.width / frame.width, stage.height / frame.height);
}

/** Keeps the zoom in range and its centre where the frame still covers as much of the stage as it can. */
export function clampZoom(zoom: Zoom, stage: Size, frame: Size): Zoom {
  const factor = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom.factor));
  const scale = containScale(stage, frame) * factor;
  // No layout yet: keep the factor, centred.
  if (scale === 0) return { ...unzoomed(frame), factor };
  const clampAxis = (value: number, stageSide: number, frameSide: number): number => {
    const half = stageSide / (2 * scale);
    if (half * 2 >= frameSide) return frameSide / 2;
    return Math.min(frameSide - half, Math.max(half, value));
  };
  return {
    factor,
    centre: {
      x: clampAxis(zoom.centre.x, stage.width, frame.width),
      y: clampAxis(zoom.centre.y, stage.height, frame.height),
    },
  };
}

/** Frame pixels → stage (CSS) pixels: fitted, zoomed about `zoom.centre`. */
export function frameToStage(stage: Size, frame: Size, zoom: Zoom): Affine {
  const scale = containScale(stage, frame) * zoom.factor;
  return scaleAndTranslate(
    scale,
    stage.width / 2 - scale * zoom.centre.x,
    stage.height / 2 - scale * zoom.centre.y,
  );
}

/**
 * Zooms by `ratio` keeping the frame point under `anchor` (stage pixels) where it is: what a wheel
 * notch or a pinch around the fingers should do.
 */
export function zoomAbout(
  zoom: Zoom,
  ratio: number,
  anchor: { x: number; y: number },
  stage: Size,
  frame: Size,
): Zoom {
  const base = containScale(stage, frame);
  if (base === 0) return clampZoom({ ...zoom, factor: zoom.factor * ratio }, stage, frame);
  const scale = base * zoom.factor;
  const under = {
    x: zoom.centre.x + (anchor.x - stage.width / 2) / scale,
    y: zoom.centre.y + (anchor.y - stage.height / 2) / scale,
  };
  const factor = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom.factor * ratio));
  const next = base * factor;
  return clampZoom(
    {
      factor,
      centre: {
        x: under.x - (anchor.x - stage.width / 2) / next,
        y: under.y - (anchor.y - stage.height / 2) / next,
      },
    },
    stage,
    frame,
  );
}
