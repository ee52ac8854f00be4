import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { DEFAULT_PROCESS_OPTIONS } from '../../../contract/domain.ts';
import { EU_PASSING, EU_TOO_SMALL, euDone } from '../../test/documentResults.ts';
import {
  type FakeBridge,
  installFakeBridge,
  queueItem,
  queueResult,
  SETTINGS,
  snapshotOf,
} from '../../test/fakeBridge.ts';
import { useQueueStore } from '../stores/useQueueStore.ts';
import { useSettingsStore } from '../stores/useSettingsStore.ts';
import { ResultDetail } from './ResultDetail.tsx';
import { ResultsGrid } from './ResultsGrid.tsx';

let fake: FakeBridge;
const result = queueResult({
  face: { x: 10, y: 20, width: 100, height: 120 },
  engine: { id: 'https://gpu.example.com', label: 'https://gpu.example.com' },
});

afterEach(() => vi.restoreAllMocks());

beforeEach(() => {
  // jsdom has no layout: give the scrolling grid a window's size.
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(700);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(900);
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
  // Which of several engines made it.
  expect(within(dialog).getByTestId('detail-engine')).toHaveTextContent('https://gpu.example.com');
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

function judgeableBatch() {
  // A face of 300 px makes a 648 px portrait without enlarging much; one of 40 px does not.
  const fine = { ...result, face: { x: 100, y: 100, width: 300, height: 300 } };
  const small = { ...result, face: { x: 10, y: 20, width: 40, height: 40 } };
  useQueueStore.getState().receive(
    snapshotOf([
      queueItem(1, { state: 'done', result: fine, finishedAt: 5 }),
      queueItem(2, { state: 'done', result: { ...fine, faceCount: 3 }, finishedAt: 6 }),
      queueItem(3, {
        state: 'failed',
        error: { code: 'no-face', message: 'No face was found in this photo.' },
      }),
      queueItem(4, { state: 'done', result: small, finishedAt: 7 }),
      queueItem(5, {
        state: 'done',
        result: {
          ...fine,
          measurements: {
            crown_y: 0,
            chin_y: 500,
            eye_left: { x: 250, y: 300 },
            eye_right: { x: 400, y: 310 },
            eye_line_y: 305,
            head_height_ratio: 0.7,
            head_width_ratio: 0.5,
            eye_line_from_bottom_ratio: 0.5,
            center_offset_ratio: 0,
            roll_before_deg: 12,
            roll_after_deg: 3.8,
            inter_eye_px: 150,
          },
        },
        finishedAt: 8,
      }),
    ]),
  );
}

it("shows each done result's thumbnail, asked for once per result, never the full-size picture", async () => {
  judgeableBatch();
  render(<ResultsGrid />);
  const done = screen.getAllByTestId('result-card').filter((c) => c.dataset.verdict !== 'failed');
  expect(done).toHaveLength(4);
  await waitFor(() => expect(screen.getAllByTestId('result-thumbnail')).toHaveLength(4));
  for (const [n, card] of done.entries()) {
    const id = ['item-1', 'item-2', 'item-4', 'item-5'][n]!;
    expect(within(card).getByTestId('result-thumbnail')).toHaveAttribute(
      'src',
      `data:image/webp;base64,${btoa(`${id}-thumbnail`)}`,
    );
    expect(card.querySelector('.thumb-loading')).toBeNull();
  }
  // The snapshots that follow (ten a second in a batch) ask for nothing again.
  useQueueStore.getState().receive({ ...useQueueStore.getState().snapshot });
  useQueueStore.getState().receive({ ...useQueueStore.getState().snapshot });
  expect(fake.bridge.queue.image.mock.calls.map(([id, kind]) => `${id}:${kind}`).sort()).toEqual([
    'item-1:thumbnail',
    'item-2:thumbnail',
    'item-4:thumbnail',
    'item-5:thumbnail',
  ]);
});

it('asks again for a re-run result, and shrinks the PNG itself when no thumbnail can be had', async () => {
  judgeableBatch();
  render(<ResultsGrid />);
  await waitFor(() => expect(screen.getAllByTestId('result-thumbnail')).toHaveLength(4));
  fake.bridge.queue.image.mockClear();
  fake.bridge.queue.image.mockImplementation(async (id, kind) => {
    if (kind === 'thumbnail') throw new Error('sharp is missing');
    return `data:image/png;base64,${btoa(`${id}-${kind}`)}`;
  });
  const { items } = useQueueStore.getState().snapshot;
  useQueueStore
    .getState()
    .receive(snapshotOf(items.map((item) => (item.id === 'item-1' ? { ...item, finishedAt: 50 } : item))));
  await waitFor(() => expect(screen.getAllByTestId('result-thumbnail')).toHaveLength(3));
  expect(fake.bridge.queue.image.mock.calls).toEqual([
    ['item-1', 'thumbnail'],
    ['item-1', 'result'],
  ]);
  const rerun = screen.getByRole('button', { name: 'Open photo-1.jpg' });
  await waitFor(() =>
    expect(rerun.querySelector('img')).toHaveAttribute(
      'src',
      `data:image/png;base64,${btoa('item-1-result')}`,
    ),
  );
});

it('badges each photo with why it failed or needs a look, and filters by it', async () => {
  judgeableBatch();
  render(<ResultsGrid />);
  const badges = () => screen.getAllByTestId('reason-badge').map((b) => b.firstChild?.textContent);
  expect(badges()).toEqual(['3 faces', 'No face', 'Small face', 'Still tilted']);
  expect(screen.getByText(/3 faces were found; the largest was used\./)).toBeInTheDocument();
  expect(screen.getByText(/12\.0°; 3\.8° is left after levelling/)).toBeInTheDocument();

  await userEvent.click(screen.getByRole('button', { name: 'Needs a look (3)' }));
  expect(screen.getAllByTestId('result-card').map((c) => c.textContent)).toEqual([
    expect.stringContaining('photo-2.jpg'),
    expect.stringContaining('photo-4.jpg'),
    expect.stringContaining('photo-5.jpg'),
  ]);
  await userEvent.click(screen.getByRole('button', { name: 'Failed (1)' }));
  expect(screen.getAllByTestId('result-card')).toHaveLength(1);
  await userEvent.click(screen.getByRole('button', { name: 'Done (1)' }));
  expect(screen.getAllByTestId('result-card')).toHaveLength(1);
  await userEvent.click(screen.getByRole('button', { name: 'All (5)' }));
  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Sort' }), 'Problems first');
  expect(screen.getAllByTestId('result-card')[0]).toHaveTextContent('photo-3.jpg');
});

it("filters by the chosen document's verdict: passes, to check, fails, with their counts", async () => {
  useSettingsStore.getState().receive({ ...SETTINGS, documentId: 'eu-passport' });
  useQueueStore.getState().receive(
    snapshotOf([
      euDone(1, EU_PASSING),
      euDone(2, EU_TOO_SMALL),
      // No measurements (the published image): head size cannot be judged, so it is to check.
      euDone(3, null),
      euDone(4, EU_PASSING),
      queueItem(5, {
        state: 'failed',
        error: { code: 'no-face', message: 'No face was found in this photo.' },
      }),
    ]),
  );
  render(<ResultsGrid />);
  const names = () =>
    screen.getAllByTestId('result-card').map((c) => c.querySelector('.result-name')?.textContent);
  const filter = within(
    screen.getByRole('group', {
      name: 'Verdict for European Union Passport, ID card and Schengen visa (35 × 45 mm)',
    }),
  );
  await userEvent.click(filter.getByRole('button', { name: 'Fails document (1)' }));
  expect(names()).toEqual(['photo-2.jpg']);
  expect(screen.getByTestId('verdict-badge')).toHaveTextContent('Fails');
  await userEvent.click(filter.getByRole('button', { name: 'Passes document (2)' }));
  expect(names()).toEqual(['photo-1.jpg', 'photo-4.jpg']);
  await userEvent.click(filter.getByRole('button', { name: 'To check (1)' }));
  expect(names()).toEqual(['photo-3.jpg']);
  // Both filters apply: no failed photo has a verdict to check.
  await userEvent.click(screen.getByRole('button', { name: 'Failed (1)' }));
  expect(screen.getByText('No photo matches this filter.')).toBeInTheDocument();
  await userEvent.click(screen.getByRole('button', { name: 'All (5)' }));
  await userEvent.click(filter.getByRole('button', { name: 'Any verdict' }));
  expect(names()).toHaveLength(5);
});

it('shows no document filter while no document is chosen', () => {
  render(<ResultsGrid />);
  expect(screen.queryByTestId('document-filter')).toBeNull();
});

it('selects all done or all with a problem, and runs the selection again with the current options', async () => {
  judgeableBatch();
  const options = { ...DEFAULT_PROCESS_OPTIONS, faceMargin: 0.5 };
  useSettingsStore.getState().receive({ ...SETTINGS, options });
  render(<ResultsGrid />);
  await userEvent.click(screen.getByRole('button', { name: 'Select problems' }));
  expect(screen.getByRole('checkbox', { name: 'Select photo-3.jpg' })).toBeChecked();
  expect(screen.getByRole('checkbox', { name: 'Select photo-1.jpg' })).not.toBeChecked();
  await userEvent.click(screen.getByRole('button', { name: 'Select done' }));
  expect(screen.getByRole('checkbox', { name: 'Select photo-1.jpg' })).toBeChecked();
  expect(screen.getByRole('checkbox', { name: 'Select photo-3.jpg' })).not.toBeChecked();

  await userEvent.click(screen.getByRole('button', { name: 'Select problems' }));
  await userEvent.click(screen.getByRole('button', { name: 'Re-run selected (4)' }));
  expect(fake.bridge.queue.rerun.mock.calls).toEqual(
    ['item-2', 'item-3', 'item-4', 'item-5'].map((id) => [id, options]),
  );
});

it('renders only the rows on screen of 500 results', () => {
  useQueueStore
    .getState()
    .receive(
      snapshotOf(
        Array.from({ length: 500 }, (_, i) => queueItem(i, { state: 'done', result, finishedAt: i })),
      ),
    );
  render(<ResultsGrid />);
  const cards = screen.getAllByTestId('result-card');
  expect(cards.length).toBeGreaterThan(10);
  expect(cards.length).toBeLessThan(60);
  expect(screen.getByRole('button', { name: 'All (500)' })).toBeInTheDocument();
});
