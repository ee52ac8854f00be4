import { expect, it } from 'vitest';
import {
  usableMeasurements,
  usableTransform,
} from '../../../../../electron/services/engineClient/portraitGeometry.ts';

const transform = {
  source_size: { width: 800, height: 600 },
  source_to_output: [1.2, 0.1, -0.1, 1.2, -100, -50],
  rotation_deg: -4.8,
  rotation_center: { x: 400, y: 300 },
  scale: 1.2,
  crop: { x: 80, y: 40, width: 540, height: 540 },
  padding: { top: 0, right: 0, bottom: 0, left: 0 },
};

it("keeps our engine's transform and drops what cannot be drawn", () => {
  expect(usableTransform(transform)).toEqual(transform);
  expect(usableTransform(undefined)).toBeNull();
  expect(usableTransform({ ...transform, source_to_output: [1, 0, 0, 1, 0] })).toBeNull();
  expect(usableTransform({ ...transform, source_to_output: [1, 0, 0, 1, 0, Number.NaN] })).toBeNull();
  // A map that flattens the photo cannot be inverted for the "whole original" view.
  expect(usableTransform({ ...transform, source_to_output: [1, 2, 2, 4, 0, 0] })).toBeNull();
});

it('keeps measurements with eye points and rolls, drops others', () => {
  const measurements = {
    eye_left: { x: 1, y: 2 },
    eye_right: { x: 3, y: 2 },
    roll_before_deg: 12,
    roll_after_deg: 0.2,
  };
  expect(usableMeasurements(measurements)).toEqual(measurements);
  expect(usableMeasurements({ ...measurements, eye_left: null })).toBeNull();
  expect(usableMeasurements('x')).toBeNull();
});
