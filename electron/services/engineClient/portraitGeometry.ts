/**
 * The optional geometry of our engine's answer (docker/api/portraitGeometry.ts), checked before the app
 * relies on it: a transform that is not six finite numbers with an invertible part is dropped (the
 * compare view then falls back to its approximate framing) rather than drawn wrong.
 */
import type { PortraitMeasurements, PortraitTransform } from '../../../docker/api/portraitGeometry.ts';

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isPoint(value: unknown): boolean {
  const p = value as { x?: unknown; y?: unknown } | null;
  return typeof p === 'object' && p !== null && isFiniteNumber(p.x) && isFiniteNumber(p.y);
}

export function usableTransform(value: unknown): PortraitTransform | null {
  const t = value as Partial<PortraitTransform> | null | undefined;
  if (typeof t !== 'object' || t === null) return null;
  const m = t.source_to_output;
  if (!Array.isArray(m) || m.length !== 6 || !m.every(isFiniteNumber)) return null;
  const [a, b, c, d] = m;
  if (Math.abs(a * d - b * c) < 1e-9) return null;
  const size = t.source_size;
  if (!size || !isFiniteNumber(size.width) || !isFiniteNumber(size.height)) return null;
  return t as PortraitTransform;
}

export function usableMeasurements(value: unknown): PortraitMeasurements | null {
  const m = value as Partial<PortraitMeasurements> | null | undefined;
  if (typeof m !== 'object' || m === null) return null;
  if (!isPoint(m.eye_left) || !isPoint(m.eye_right)) return null;
  if (!isFiniteNumber(m.roll_before_deg) || !isFiniteNumber(m.roll_after_deg)) return null;
  return m as PortraitMeasurements;
}
