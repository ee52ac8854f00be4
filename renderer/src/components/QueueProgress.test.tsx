import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { type FakeBridge, installFakeBridge, queueItem, snapshotOf } from '../../test/fakeBridge.ts';
import { useQueueStore } from '../stores/useQueueStore.ts';
import { QueueList } from './QueueList.tsx';
import { QueueProgress } from './QueueProgress.tsx';

let fake: FakeBridge;
beforeEach(() => {
  fake = installFakeBridge();
});

it('shows "3/10 — current file" with the ETA, and cancels', async () => {
  const items = Array.from({ length: 10 }, (_, i) =>
    queueItem(i, { state: i < 2 ? 'done' : i === 2 ? 'failed' : i === 3 ? 'processing' : 'queued' }),
  );
  useQueueStore.getState().receive(snapshotOf(items, { currentName: 'photo-3.jpg', etaSeconds: 42 }));
  render(<QueueProgress />);
  expect(screen.getByTestId('queue-progress')).toHaveTextContent('3/10 — photo-3.jpg');
  expect(screen.getByText('about 42 s left')).toBeInTheDocument();
  expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '30');
  await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
  expect(fake.bridge.queue.cancel).toHaveBeenCalled();
  await userEvent.click(screen.getByRole('button', { name: 'Retry failed (1)' }));
  expect(fake.bridge.queue.retry).toHaveBeenCalled();
});

it('says why queued photos are not moving', () => {
  useQueueStore.getState().receive(
    snapshotOf([queueItem(1)], {
      blocked: { code: 'docker-not-running', message: 'Docker is not running. Start it, then press Retry.' },
    }),
  );
  render(<QueueProgress />);
  expect(screen.getByText('Docker is not running. Start it, then press Retry.')).toBeInTheDocument();
});

afterEach(() => vi.restoreAllMocks());

it('renders only the visible rows of a 200-photo queue, each with its state and failure reason', () => {
  const items = Array.from({ length: 200 }, (_, i) =>
    queueItem(
      i,
      i === 0
        ? { state: 'failed', error: { code: 'no-face', message: 'No face was found in this photo.' } }
        : {},
    ),
  );
  useQueueStore.getState().receive(snapshotOf(items));
  // jsdom has no layout: give the scrolling list a window's height.
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800);
  render(<QueueList />);
  const rows = screen.getAllByTestId('queue-row');
  expect(rows.length).toBeGreaterThan(5);
  expect(rows.length).toBeLessThan(40);
  expect(screen.getByText('No face was found in this photo.')).toBeInTheDocument();
  expect(screen.getAllByText('Waiting').length).toBe(rows.length - 1);
});
