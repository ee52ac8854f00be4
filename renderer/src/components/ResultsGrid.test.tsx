import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, expect, it } from 'vitest';
import { DEFAULT_PROCESS_OPTIONS } from '../../../contract/domain.ts';
import {
  type FakeBridge,
  installFakeBridge,
  queueItem,
  SETTINGS,
  snapshotOf,
} from '../../test/fakeBridge.ts';
import { useQueueStore } from '../stores/useQueueStore.ts';
import { useSettingsStore } from '../stores/useSettingsStore.ts';
import { ResultDetail } from './ResultDetail.tsx';
import { ResultsGrid } from './ResultsGrid.tsx';

let fake: FakeBridge;
const result = {
  pngPath: '/work/a.png',
  jpgPath: '/work/a.jpg',
  face: { x: 10, y: 20, width: 100, height: 120 },
  faceCount: 1,
  outputSize: { width: 648, height: 648 },
  processingMs: 2345,
  device: 'cpu' as const,
  savedTo: [],
};

beforeEach(() => {
  fake = installFakeBridge();
  useSettingsStore.getState().receive(SETTINGS);
  useQueueStore.getState().receive(
    snapshotOf([
      queueItem(1, { state: 'done', result, finishedAt: 5 }),
      queueItem(2, { state: 'done', result, finishedAt: 6 }),
      queueItem(3, {
        state: 'failed',
        error: { code: 'no-face', message: 'No face was found in this photo.' },
      }),
    ]),
  );
});

it('asks for the output folder once, then saves all there', async () => {
  render(<ResultsGrid />);
  expect(screen.getByText('No face was found in this photo.')).toBeInTheDocument();
  await userEvent.click(screen.getByRole('button', { name: 'Save all' }));
  expect(fake.bridge.results.chooseOutputDir).toHaveBeenCalledTimes(1);
  expect(fake.bridge.results.save).toHaveBeenCalledWith('all', '/home/me/Portraits');
  expect(await screen.findByTestId('output-dir')).toHaveTextContent('/home/me/Portraits');

  await userEvent.click(screen.getByRole('checkbox', { name: 'Select photo-2.jpg' }));
  await userEvent.click(screen.getByRole('button', { name: 'Save selected (1)' }));
  expect(fake.bridge.results.save).toHaveBeenLastCalledWith(['item-2'], '/home/me/Portraits');
  expect(fake.bridge.results.chooseOutputDir).toHaveBeenCalledTimes(1);

  await userEvent.click(screen.getByRole('button', { name: 'Open folder' }));
  expect(fake.bridge.results.openFolder).toHaveBeenCalledWith('/home/me/Portraits');
});

it('drags a result out of the window through the native drag', () => {
  render(<ResultsGrid />);
  const card = screen.getAllByTestId('result-card')[0]!;
  fireEvent.dragStart(within(card).getByRole('button', { name: 'Open photo-1.jpg' }));
  expect(fake.bridge.results.startDrag).toHaveBeenCalledWith('item-1');
});

it('opens the compare view with time and device, and re-runs with a new background', async () => {
  render(
    <>
      <ResultsGrid />
      <ResultDetail />
    </>,
  );
  await userEvent.click(screen.getByRole('button', { name: 'Open photo-1.jpg' }));
  const dialog = await screen.findByRole('dialog', { name: 'photo-1.jpg' });
  expect(within(dialog).getByTestId('detail-time')).toHaveTextContent('2.3 s');
  expect(within(dialog).getByTestId('detail-device')).toHaveTextContent('CPU');
  await waitFor(() => expect(within(dialog).getByRole('slider')).toBeInTheDocument());
  const rerun = within(dialog).getByRole('button', { name: 'Run again with this background' });
  expect(rerun).toBeDisabled();
  await userEvent.click(within(dialog).getByRole('button', { name: 'White' }));
  await userEvent.click(rerun);
  expect(fake.bridge.queue.rerun).toHaveBeenCalledWith('item-1', {
    ...DEFAULT_PROCESS_OPTIONS,
    background: { r: 255, g: 255, b: 255 },
  });
  await userEvent.keyboard('{Escape}');
  expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
});

it('closes the compare view with Escape even when focus has left the dialog', async () => {
  render(
    <>
      <ResultsGrid />
      <ResultDetail />
    </>,
  );
  await userEvent.click(screen.getByRole('button', { name: 'Open photo-1.jpg' }));
  await screen.findByRole('dialog', { name: 'photo-1.jpg' });
  // As after "Run again" disables itself: nothing inside the dialog has focus any more.
  (document.activeElement as HTMLElement | null)?.blur();
  expect(document.activeElement).toBe(document.body);
  await userEvent.keyboard('{Escape}');
  expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
});

it('remembers the format results are saved in', async () => {
  render(<ResultsGrid />);
  const format = screen.getByRole('combobox', { name: 'Save as' });
  expect(format).toHaveValue('both');
  await userEvent.selectOptions(format, 'JPG on the background colour');
  expect(fake.bridge.settings.update).toHaveBeenCalledWith({ outputFormat: 'jpg' });
  expect(format).toHaveValue('jpg');
});
