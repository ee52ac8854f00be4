import { render, screen } from '@testing-library/react';
import { beforeEach, expect, it } from 'vitest';
import { findDocument } from '../../../contract/documentGeometry.ts';
import { documentOptions } from '../../../contract/documentProcessFields.ts';
import { DEFAULT_PROCESS_OPTIONS } from '../../../contract/processOptions.ts';
import type { PortraitMeasurements } from '../../../docker/api/portraitGeometry.ts';
import { installFakeBridge, queueItem } from '../../test/fakeBridge.ts';
import { useDocumentStore } from '../stores/useDocumentStore.ts';
import { VerdictBadge, VerdictOverlay, VerdictPanel } from './DocumentVerdict.tsx';

const EU = findDocument('eu-passport')!;

function measured(crown: number, chin: number, eyes: number): PortraitMeasurements {
  return {
    crown_y: crown,
    chin_y: chin,
    eye_left: { x: 156, y: eyes },
    eye_right: { x: 258, y: eyes },
    eye_line_y: eyes,
    head_height_ratio: (chin - crown) / 531,
    head_width_ratio: 0.6,
    eye_line_from_bottom_ratio: (531 - eyes) / 531,
    center_offset_ratio: 0,
    roll_before_deg: 3,
    roll_after_deg: 0.1,
    inter_eye_px: 102,
    landmarks: [],
  };
}

function done(measurements: PortraitMeasurements | null) {
  return queueItem(1, {
    state: 'done',
    options: documentOptions(EU, DEFAULT_PROCESS_OPTIONS),
    result: {
      pngPath: '/w/a.png',
      jpgPath: '/w/a.jpg',
      face: null,
      faceCount: 1,
      outputSize: { width: 413, height: 531 },
      measurements,
      processingMs: 5000,
      device: 'cpu',
      savedTo: [],
    },
  });
}

beforeEach(() => {
  installFakeBridge();
  useDocumentStore.getState().choose('eu-passport');
});

it('shows a pass on the card and every rule, what to check yourself and the overlay in the detail', () => {
  const item = done(measured(22, 422, 210));
  render(
    <>
      <VerdictBadge item={item} />
      <VerdictPanel item={item} />
      <VerdictOverlay item={item} src="data:image/png;base64,AA==" />
    </>,
  );
  expect(screen.getByTestId('verdict-badge')).toHaveTextContent('Passes');
  expect(screen.getByTestId('verdict-panel')).toHaveTextContent(
    'Head height (chin to crown) 75 % of the height (allowed: 71–80 % of the height)',
  );
  expect(screen.getByText('Check yourself')).toBeInTheDocument();
  expect(screen.getByText('Neutral expression, mouth closed.')).toBeInTheDocument();
  expect(
    screen.getByRole('img', { name: 'Crown, chin and eye lines with the allowed bands' }),
  ).toBeInTheDocument();
});

it('fails a head that is too small with the sentence that says what to do', () => {
  const item = done(measured(120, 428, 265));
  render(<VerdictPanel item={item} />);
  expect(screen.getByTestId('verdict-panel')).toHaveTextContent(
    'The head is too small: 58 % of the height, this document needs 71–80 %. Take the photo closer, or crop tighter around the head.',
  );
});

it('without measurements (the published image) says why nothing was measured and draws no overlay', () => {
  const item = done(null);
  render(
    <>
      <VerdictPanel item={item} />
      <VerdictOverlay item={item} src="data:image/png;base64,AA==" />
    </>,
  );
  expect(screen.getAllByText(/This engine returns no measurements/).length).toBeGreaterThan(0);
  expect(screen.queryByTestId('verdict-overlay')).toBeNull();
});
