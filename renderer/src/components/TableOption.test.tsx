import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, it, vi } from 'vitest';
import { PROCESS_FIELDS } from '../../../contract/engineApi.ts';
import { TableOption } from './TableOption.tsx';

it('draws a boolean option as a toggle with the engine sentence as its hint', async () => {
  const onChange = vi.fn();
  render(<TableOption option="ovalMask" value={true} onChange={onChange} />);
  const toggle = screen.getByRole('checkbox', { name: /Oval mask setting/ });
  expect(toggle).toBeChecked();
  expect(screen.getByText(PROCESS_FIELDS.use_oval_mask.description)).toBeInTheDocument();
  await userEvent.click(toggle);
  expect(onChange).toHaveBeenLastCalledWith(false);
});

it("draws a number option as a slider over the engine's range and remembers where it settles", async () => {
  vi.useFakeTimers();
  const onChange = vi.fn();
  render(<TableOption option="enhanceFidelity" value={0.7} onChange={onChange} />);
  const slider = screen.getByRole('slider', { name: /Enhance fidelity/ });
  expect(slider).toHaveAttribute('min', String(PROCESS_FIELDS.enhance_fidelity.min));
  expect(slider).toHaveAttribute('max', String(PROCESS_FIELDS.enhance_fidelity.max));
  fireEvent.change(slider, { target: { value: '0.4' } });
  fireEvent.change(slider, { target: { value: '0.5' } });
  expect(onChange).not.toHaveBeenCalled();
  vi.runAllTimers();
  expect(onChange).toHaveBeenCalledTimes(1);
  expect(onChange).toHaveBeenLastCalledWith(0.5);
  vi.useRealTimers();
});
