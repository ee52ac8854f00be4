import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, it } from 'vitest';
import { CompareSlider, containFit } from './CompareSlider.tsx';

it('moves the divider with the keyboard and reveals more or less of the result', async () => {
  render(
    <CompareSlider
      beforeSrc="data:image/png;base64,AA=="
      afterSrc="data:image/png;base64,AB=="
      faceBox={null}
      label="me.jpg"
      aspect={1}
    />,
  );
  const slider = screen.getByRole('slider', { name: 'Before and after divider' });
  const after = screen.getByAltText('Result for me.jpg').parentElement!;
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

it('places a contained picture the way object-fit: contain does', () => {
  expect(containFit(400, 300, 800, 800)).toEqual({ left: 50, top: 0, width: 300, height: 300 });
  expect(containFit(400, 300, 1600, 600)).toEqual({ left: 0, top: 75, width: 400, height: 150 });
});
