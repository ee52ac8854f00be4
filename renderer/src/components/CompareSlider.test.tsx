import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, it } from 'vitest';
import type { QueueItemResult } from '../../../contract/domain.ts';
import { queueResult } from '../../test/fakeBridge.ts';
import { CompareSlider } from './CompareSlider.tsx';

const result = queueResult({ outputSize: { width: 500, height: 600 } });

function renderCompare(patch: Partial<QueueItemResult> = {}) {
  render(
    <CompareSlider
      beforeSrc="data:image/png;base64,AA=="
      afterSrc="data:image/png;base64,AB=="
      result={{ ...result, ...patch }}
      faceMargin={0.3}
      label="me.jpg"
    />,
  );
  return screen.getByTestId('compare');
}

it('moves the divider with the keyboard and reveals more or less of the result', async () => {
  renderCompare();
  const slider = screen.getByRole('slider', { name: 'Before and after divider' });
  const after = screen.getByRole('img', { name: 'Result for me.jpg' }).parentElement!;
  expect(slider).toHaveAttribute('aria-valuenow', '50');
  expect(after.style.clipPath).toBe('inset(0 0 0 50%)');

  slider.focus();
  await userEvent.keyboard('{ArrowRight}{ArrowRight}{PageUp}');
  expect(slider).toHaveAttribute('aria-valuenow', '64');
  expect(after.style.clipPath).toBe('inset(0 0 0 64%)');
  await userEvent.keyboard('{Home}');
  expect(slider).toHaveAttribute('aria-valuenow', '0');
  await userEvent.keyboard('{End}{ArrowRight}');
  expect(slider).toHaveAttribute('aria-valuenow', '100');
  expect(slider).toHaveAttribute('aria-valuetext', '100% original shown');
});

it('frames "before" like the portrait, and says "approximate" when the engine gave no transform', () => {
  const stage = renderCompare();
  expect(stage).toHaveAttribute('data-framing', 'approximate');
  expect(stage).toHaveAttribute('data-mode', 'portrait');
  expect(
    screen.getByRole('img', { name: 'Original of me.jpg, framed like the portrait' }),
  ).toBeInTheDocument();
  expect(screen.getByTestId('framing-approximate')).toHaveTextContent('Approximate framing');
});

it("uses the engine's transform when it has one: no approximate label", () => {
  const stage = renderCompare({
    transform: {
      source_size: { width: 800, height: 600 },
      source_to_output: [1.5, 0, 0, 1.5, -350, -180],
      rotation_deg: 0,
      rotation_center: { x: 400, y: 300 },
      scale: 1.5,
      crop: { x: 233, y: 120, width: 333, height: 400 },
      padding: { top: 0, right: 0, bottom: 0, left: 0 },
    },
  });
  expect(stage).toHaveAttribute('data-framing', 'exact');
  expect(screen.queryByTestId('framing-approximate')).not.toBeInTheDocument();
});

it('shows the whole original with the face box on request, and back', async () => {
  const stage = renderCompare();
  const toggle = screen.getByRole('button', { name: 'Whole original' });
  expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await userEvent.click(toggle);
  expect(toggle).toHaveAttribute('aria-pressed', 'true');
  expect(stage).toHaveAttribute('data-mode', 'original');
  expect(screen.getByRole('img', { name: 'Original of me.jpg' })).toBeInTheDocument();
  await userEvent.click(toggle);
  expect(stage).toHaveAttribute('data-mode', 'portrait');
});

it('zooms with + − 0 and the buttons, both layers together', async () => {
  const stage = renderCompare();
  const slider = screen.getByRole('slider', { name: 'Before and after divider' });
  slider.focus();
  await userEvent.keyboard('+');
  expect(screen.getByTestId('zoom-level')).toHaveTextContent('125%');
  await userEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
  expect(screen.getByTestId('zoom-level')).toHaveTextContent('156%');
  slider.focus();
  await userEvent.keyboard('-');
  expect(screen.getByTestId('zoom-level')).toHaveTextContent('125%');
  await userEvent.keyboard('0');
  expect(screen.getByTestId('zoom-level')).toHaveTextContent('100%');
  await userEvent.click(screen.getByRole('button', { name: 'Zoom out' }));
  expect(screen.getByTestId('zoom-level')).toHaveTextContent('100%');
  // One view for both: the after layer's map is the before layer's map times the framing.
  expect(stage.dataset.beforeMatrix).toBeDefined();
  expect(stage.dataset.afterMatrix).toBeDefined();
});

it('shows a photo without a face un-cropped, without a framing to toggle', () => {
  const stage = renderCompare({ face: null });
  expect(stage).toHaveAttribute('data-framing', 'none');
  expect(screen.getByRole('button', { name: 'Whole original' })).toBeDisabled();
});
