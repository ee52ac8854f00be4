import { type KeyboardEvent, type PointerEvent, useEffect, useRef, useState } from 'react';
import type { FaceBox } from '../../../contract/engineApi.ts';

interface Props {
  beforeSrc: string;
  afterSrc: string;
  /** The detected face, in the original photo's (EXIF-oriented) pixels. */
  faceBox: FaceBox | null;
  label: string;
  /** The result's width / height: the stage takes its shape, so the result fills it exactly. */
  aspect: number;
}

const clamp = (v: number) => Math.min(100, Math.max(0, v));

interface Fit {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Where an object-fit: contain picture lands inside its box. */
export function containFit(boxW: number, boxH: number, imgW: number, imgH: number): Fit {
  if (boxW <= 0 || boxH <= 0 || imgW <= 0 || imgH <= 0) return { left: 0, top: 0, width: 0, height: 0 };
  const scale = Math.min(boxW / imgW, boxH / imgH);
  const width = imgW * scale;
  const height = imgH * scale;
  return { left: (boxW - width) / 2, top: (boxH - height) / 2, width, height };
}

/**
 * Before/after: the original on the left of the handle, the result on the right. Both are <img>,
 * so the browser applies EXIF orientation to both and they appear the same way up.
 * Operable by pointer (drag anywhere) and keyboard (arrows, Page keys, Home/End).
 */
export function CompareSlider({ beforeSrc, afterSrc, faceBox, label, aspect }: Props) {
  const [position, setPosition] = useState(50);
  const stageRef = useRef<HTMLDivElement>(null);
  const [stage, setStage] = useState({ width: 0, height: 0 });
  const [natural, setNatural] = useState({ width: 0, height: 0 });

  useEffect(() => {
    const element = stageRef.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setStage({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const moveTo = (clientX: number) => {
    const rect = stageRef.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return;
    setPosition(clamp(((clientX - rect.left) / rect.width) * 100));
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture?.(event.pointerId);
    moveTo(event.clientX);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (event.buttons === 1) moveTo(event.clientX);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const steps: Record<string, number> = {
      ArrowLeft: -2,
      ArrowDown: -2,
      ArrowRight: 2,
      ArrowUp: 2,
      PageDown: -10,
      PageUp: 10,
    };
    if (event.key in steps) setPosition((p) => clamp(p + (steps[event.key] ?? 0)));
    else if (event.key === 'Home') setPosition(0);
    else if (event.key === 'End') setPosition(100);
    else return;
    event.preventDefault();
  };

  const fit = containFit(stage.width, stage.height, natural.width, natural.height);
  const faceStyle =
    faceBox && fit.width > 0
      ? {
          left: fit.left + (faceBox.x / natural.width) * fit.width,
          top: fit.top + (faceBox.y / natural.height) * fit.height,
          width: (faceBox.width / natural.width) * fit.width,
          height: (faceBox.height / natural.height) * fit.height,
        }
      : null;

  return (
    <div
      ref={stageRef}
      className="compare"
      style={{ aspectRatio: String(aspect) }}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      data-testid="compare"
    >
      <img
        className="compare-img"
        src={beforeSrc}
        alt={`Original of ${label}`}
        draggable={false}
        onLoad={(e) =>
          setNatural({ width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })
        }
      />
      {faceStyle && (
        <div className="face-box" style={faceStyle} data-testid="face-box">
          <span className="face-box-label">Face</span>
        </div>
      )}
      <div className="compare-after checker" style={{ clipPath: `inset(0 0 0 ${position}%)` }}>
        <img className="compare-img" src={afterSrc} alt={`Result for ${label}`} draggable={false} />
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
        onKeyDown={onKeyDown}
      >
        <span className="compare-grip" aria-hidden="true">
          ‹›
        </span>
      </div>
    </div>
  );
}
