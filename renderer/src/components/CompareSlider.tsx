import {
  type KeyboardEvent,
  type PointerEvent,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import type { QueueItemResult } from '../../../contract/domain.ts';
import { type Affine, applyAffine } from '../compare/affine.ts';
import { type CompareMode, compareLayers } from '../compare/compareLayers.ts';
import {
  clampZoom,
  framingOf,
  type Size,
  unzoomed,
  type Zoom,
  zoomAbout,
} from '../compare/portraitFraming.ts';
import { type DecodedPicture, useDecodedPicture } from '../compare/useDecodedPicture.ts';

interface Props {
  beforeSrc: string;
  afterSrc: string;
  result: QueueItemResult;
  /** The margin the photo was processed with (for the approximate framing). */
  faceMargin: number;
  label: string;
}

const clampPercent = (v: number) => Math.min(100, Math.max(0, v));
const ZOOM_STEP = 1.25;

function draw(canvas: HTMLCanvasElement | null, picture: DecodedPicture | null, stage: Size, matrix: Affine) {
  // Nothing decoded yet (or no decoder, as in jsdom): nothing to paint.
  if (!canvas || !picture) return;
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(stage.width * ratio));
  const height = Math.max(1, Math.round(stage.height * ratio));
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) return;
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.clearRect(0, 0, width, height);
  const [a, b, c, d, e, f] = matrix;
  context.setTransform(a * ratio, b * ratio, c * ratio, d * ratio, e * ratio, f * ratio);
  context.imageSmoothingQuality = 'high';
  context.drawImage(picture.bitmap, 0, 0);
}

const matrixAttribute = (m: Affine) => m.map((n) => Math.round(n * 1e4) / 1e4).join(',');

/**
 * Before/after over one face: "before" is the original drawn through the portrait's framing (the
 * engine's transform, or an approximate one from the face box), "after" the portrait, on two canvases
 * that share one view, so zoom and the divider move over both alike. "Whole original" shows the
 * un-cropped photo with the portrait back in its place. Pointer: drag the divider, wheel or pinch to
 * zoom; keyboard: arrows/Page/Home/End on the divider, + − 0 anywhere in the view.
 */
export function CompareSlider({ beforeSrc, afterSrc, result, faceMargin, label }: Props) {
  const [position, setPosition] = useState(50);
  const [mode, setMode] = useState<CompareMode>('portrait');
  const stageRef = useRef<HTMLDivElement>(null);
  const beforeRef = useRef<HTMLCanvasElement>(null);
  const afterRef = useRef<HTMLCanvasElement>(null);
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const [stage, setStage] = useState<Size>({ width: 0, height: 0 });
  const before = useDecodedPicture(beforeSrc);
  const after = useDecodedPicture(afterSrc);

  const framing = framingOf(result, faceMargin);
  const output = result.outputSize;
  const source: Size =
    result.transform?.source_size ?? (before ? { width: before.width, height: before.height } : output);
  const showOriginal = mode === 'original' || !framing;
  const frame = showOriginal ? source : output;
  const [zoomState, setZoom] = useState<Zoom>(() => unzoomed(output));
  const zoom = clampZoom(zoomState, stage, frame);
  const layers = compareLayers(showOriginal ? 'original' : 'portrait', framing, source, output, stage, zoom);

  useEffect(() => {
    const element = stageRef.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setStage({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    draw(beforeRef.current, before, stage, layers.before);
    draw(afterRef.current, after, stage, layers.after);
  });

  const zoomBy = useCallback(
    (ratio: number, anchor?: { x: number; y: number }) =>
      setZoom((z) =>
        zoomAbout(
          clampZoom(z, stage, frame),
          ratio,
          anchor ?? { x: stage.width / 2, y: stage.height / 2 },
          stage,
          frame,
        ),
      ),
    [stage, frame],
  );

  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  useEffect(() => {
    const element = stageRef.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = element.getBoundingClientRect();
      zoomBy(event.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP, {
        x: event.clientX - rect.left,
        y: event.clientY - rect.top,
      });
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [zoomBy]);

  const switchMode = (next: CompareMode) => {
    setMode(next);
    setZoom(unzoomed(next === 'original' ? source : output));
  };

  const moveTo = (clientX: number) => {
    const rect = stageRef.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return;
    setPosition(clampPercent(((clientX - rect.left) / rect.width) * 100));
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture?.(event.pointerId);
    pointers.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (pointers.current.size === 1) moveTo(event.clientX);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const known = pointers.current;
    const previous = known.get(event.pointerId);
    if (!previous) return;
    if (known.size === 2) {
      // Pinch: the change in finger distance zooms about their midpoint.
      const other = [...known.entries()].find(([id]) => id !== event.pointerId)?.[1];
      const next = { x: event.clientX, y: event.clientY };
      if (other) {
        const before = Math.hypot(previous.x - other.x, previous.y - other.y);
        const now = Math.hypot(next.x - other.x, next.y - other.y);
        const rect = event.currentTarget.getBoundingClientRect();
        if (before > 0 && now > 0)
          zoomBy(now / before, {
            x: (next.x + other.x) / 2 - rect.left,
            y: (next.y + other.y) / 2 - rect.top,
          });
      }
      known.set(event.pointerId, next);
      return;
    }
    known.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (event.buttons === 1) moveTo(event.clientX);
  };
  const onPointerEnd = (event: PointerEvent<HTMLDivElement>) => {
    pointers.current.delete(event.pointerId);
  };

  const onSliderKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const steps: Record<string, number> = {
      ArrowLeft: -2,
      ArrowDown: -2,
      ArrowRight: 2,
      ArrowUp: 2,
      PageDown: -10,
      PageUp: 10,
    };
    if (event.key in steps) setPosition((p) => clampPercent(p + (steps[event.key] ?? 0)));
    else if (event.key === 'Home') setPosition(0);
    else if (event.key === 'End') setPosition(100);
    else return;
    event.preventDefault();
  };

  const onViewKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === '+' || event.key === '=') zoomBy(ZOOM_STEP);
    else if (event.key === '-' || event.key === '_') zoomBy(1 / ZOOM_STEP);
    else if (event.key === '0') setZoom(unzoomed(frame));
    else return;
    event.preventDefault();
  };

  const face = result.face;
  const faceCorners =
    showOriginal && face && stage.width > 0
      ? [
          { x: face.x, y: face.y },
          { x: face.x + face.width, y: face.y },
          { x: face.x + face.width, y: face.y + face.height },
          { x: face.x, y: face.y + face.height },
        ].map((p) => applyAffine(layers.before, p))
      : null;
  const zoomPercent = Math.round(zoom.factor * 100);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a keyboard shortcut scope (+ − 0) around real controls
    <div className="compare-view" onKeyDown={onViewKey}>
      <div
        ref={stageRef}
        className="compare"
        style={{ aspectRatio: `${frame.width} / ${frame.height}` }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerEnd}
        onPointerCancel={onPointerEnd}
        data-testid="compare"
        data-framing={framing ? (framing.approximate ? 'approximate' : 'exact') : 'none'}
        data-mode={showOriginal ? 'original' : 'portrait'}
        data-before-matrix={matrixAttribute(layers.before)}
        data-after-matrix={matrixAttribute(layers.after)}
      >
        <canvas
          ref={beforeRef}
          className="compare-canvas"
          role="img"
          aria-label={`Original of ${label}${showOriginal ? '' : ', framed like the portrait'}`}
          data-testid="compare-before"
        />
        {faceCorners && (
          <svg className="face-box" aria-hidden="true" data-testid="face-box">
            <polygon points={faceCorners.map((p) => `${p.x},${p.y}`).join(' ')} />
          </svg>
        )}
        <div className="compare-after checker" style={{ clipPath: `inset(0 0 0 ${position}%)` }}>
          <canvas
            ref={afterRef}
            className="compare-canvas"
            role="img"
            aria-label={`Result for ${label}`}
            data-testid="compare-after"
          />
        </div>
        <span className="compare-tag compare-tag-before">Before</span>
        <span className="compare-tag compare-tag-after">After</span>
        <div
          className="compare-handle"
          style={{ left: `${position}%` }}
          role="slider"
          tabIndex={0}
          aria-label="Before and after divider"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(position)}
          aria-valuetext={`${Math.round(position)}% original shown`}
          onKeyDown={onSliderKey}
        >
          <span className="compare-grip" aria-hidden="true">
            ‹›
          </span>
        </div>
      </div>
      <div className="compare-tools">
        <button
          type="button"
          className="button-ghost"
          aria-pressed={showOriginal}
          disabled={!framing}
          onClick={() => switchMode(showOriginal ? 'portrait' : 'original')}
        >
          Whole original
        </button>
        {framing?.approximate && (
          <span
            className="badge badge-warn"
            data-testid="framing-approximate"
            title="This engine does not say how it framed the portrait; the original is framed from the face box and margin, without the levelling rotation."
          >
            Approximate framing
          </span>
        )}
        {!framing && <span className="muted small">No face: shown un-cropped</span>}
        <fieldset className="toolbar compare-zoom">
          <legend className="visually-hidden">Zoom</legend>
          <button
            type="button"
            className="button-icon"
            aria-label="Zoom out"
            onClick={() => zoomBy(1 / ZOOM_STEP)}
          >
            −
          </button>
          <output className="small mono" aria-live="polite" data-testid="zoom-level">
            {zoomPercent}%
          </output>
          <button
            type="button"
            className="button-icon"
            aria-label="Zoom in"
            onClick={() => zoomBy(ZOOM_STEP)}
          >
            +
          </button>
          <button
            type="button"
            className="button-ghost"
            disabled={zoom.factor === 1}
            onClick={() => setZoom(unzoomed(frame))}
          >
            Fit
          </button>
        </fieldset>
      </div>
    </div>
  );
}
