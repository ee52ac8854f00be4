import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, expect, it } from 'vitest';
import { type FakeBridge, installFakeBridge, NO_GPU, READY_ENGINE } from '../../test/fakeBridge.ts';
import { useEngineStore } from '../stores/useEngineStore.ts';
import { Header } from './Header.tsx';

let fake: FakeBridge;
beforeEach(() => {
  fake = installFakeBridge();
  useEngineStore.setState({ engine: READY_ENGINE, gpu: NO_GPU });
});

it('explains why GPU is unusable instead of switching', async () => {
  render(<Header />);
  await userEvent.click(screen.getByRole('button', { name: 'GPU' }));
  expect(screen.getByTestId('gpu-why')).toHaveTextContent(
    `GPU can’t be used on this computer. ${NO_GPU.reason}`,
  );
  expect(fake.bridge.engine.start).not.toHaveBeenCalled();
  expect(screen.getByRole('button', { name: 'CPU' })).toHaveAttribute('aria-pressed', 'true');
});

it('switches to GPU when it is usable, and shows what the engine reports', async () => {
  useEngineStore.setState({ gpu: { ...NO_GPU, usable: true, reason: 'NVIDIA RTX 4070 is available.' } });
  fake.bridge.engine.start.mockResolvedValue({
    ...READY_ENGINE,
    device: 'gpu',
    reported: { type: 'cuda', name: 'NVIDIA RTX 4070', version: '1.0.0' },
  });
  render(<Header />);
  await userEvent.click(screen.getByRole('button', { name: 'GPU' }));
  expect(fake.bridge.engine.start).toHaveBeenCalledWith('gpu');
  expect(await screen.findByText('Running on GPU · NVIDIA RTX 4070')).toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'GPU' })).toHaveAttribute('aria-pressed', 'true');
});

it('explains a fallback to CPU', () => {
  useEngineStore.setState({
    engine: { ...READY_ENGINE, fallback: { from: 'gpu', reason: 'The GPU probe failed: no NVIDIA driver.' } },
  });
  render(<Header />);
  expect(screen.getByText('Fell back to CPU: The GPU probe failed: no NVIDIA driver.')).toBeInTheDocument();
});
