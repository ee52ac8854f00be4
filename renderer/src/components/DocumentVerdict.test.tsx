import { render, screen } from '@testing-library/react';
import { beforeEach, expect, it } from 'vitest';
import { EU_PASSING, EU_TOO_SMALL, euDone } from '../../test/documentResults.ts';
import { installFakeBridge, SETTINGS } from '../../test/fakeBridge.ts';
import { useSettingsStore } from '../stores/useSettingsStore.ts';
import { VerdictBadge, VerdictOverlay, VerdictPanel } from './DocumentVerdict.tsx';

const done = (measurements: Parameters<typeof euDone>[1]) => euDone(1, measurements);

beforeEach(() => {
  installFakeBridge();
  useSettingsStore.getState().receive({ ...SETTINGS, documentId: 'eu-passport' });
});

it('shows a pass on the card and every rule, what to check yourself and the overlay in the detail', () => {
  const item = done(EU_PASSING);
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
  const item = done(EU_TOO_SMALL);
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
