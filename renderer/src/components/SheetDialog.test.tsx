import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { FacecraftError } from '../../../contract/errors.ts';
import { EU_PASSING, EU_TOO_SMALL, euDone } from '../../test/documentResults.ts';
import { type FakeBridge, installFakeBridge, SETTINGS, snapshotOf } from '../../test/fakeBridge.ts';
import { useQueueStore } from '../stores/useQueueStore.ts';
import { useSettingsStore } from '../stores/useSettingsStore.ts';
import { useUiStore } from '../stores/useUiStore.ts';
import { ResultsGrid } from './ResultsGrid.tsx';

let fake: FakeBridge;

afterEach(() => vi.restoreAllMocks());

beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(700);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(900);
  fake = installFakeBridge();
  useQueueStore.getState().receive(snapshotOf([euDone(1, EU_PASSING), euDone(2, EU_TOO_SMALL)]));
});

it('offers Print sheet… only once a document is chosen', () => {
  useSettingsStore.getState().receive(SETTINGS);
  render(<ResultsGrid />);
  expect(screen.getByRole('button', { name: 'Print sheet…' })).toBeDisabled();
});

it('prints all done photos on 4 × 6 in as many as fit, asking for the folder once, and names the files', async () => {
  useSettingsStore.getState().receive({ ...SETTINGS, documentId: 'eu-passport' });
  render(<ResultsGrid />);
  await userEvent.click(screen.getByRole('button', { name: 'Print sheet…' }));
  const dialog = screen.getByRole('dialog', { name: 'Print sheet' });
  expect(dialog).toHaveTextContent('2 photos for European Union');
  expect(within(dialog).getByRole('radio', { name: /10 × 15 cm \(4 × 6 in\)/ })).toBeChecked();
  expect(within(dialog).getByRole('spinbutton', { name: 'Copies of each' })).toHaveValue(null);
  await userEvent.click(within(dialog).getByRole('button', { name: 'Make sheet' }));
  expect(fake.bridge.results.chooseOutputDir).toHaveBeenCalledTimes(1);
  expect(fake.bridge.results.printSheet).toHaveBeenCalledWith('all', '4x6', null, '/home/me/Portraits');
  expect(useUiStore.getState().notice?.text).toBe(
    '6 copies fit on 10 × 15 cm (4 × 6 in): saved sheet-eu-passport-4x6.jpg and sheet-eu-passport-4x6.pdf to /home/me/Portraits',
  );
  expect(screen.queryByRole('dialog', { name: 'Print sheet' })).not.toBeInTheDocument();
});

it('prints the selected photo on A4 with the copies typed, and keeps the dialog open with the layout’s sentence when they do not fit', async () => {
  useSettingsStore.getState().receive({ ...SETTINGS, documentId: 'eu-passport', outputDir: '/out' });
  fake.bridge.results.printSheet.mockRejectedValueOnce(
    new FacecraftError(
      'sheet-full',
      'Only 30 of 40 copies fit on A4 (210 × 297 mm): ask for fewer copies.',
    ).toJSON(),
  );
  render(<ResultsGrid />);
  await userEvent.click(screen.getByRole('checkbox', { name: 'Select photo-2.jpg' }));
  await userEvent.click(screen.getByRole('button', { name: 'Print sheet…' }));
  const dialog = screen.getByRole('dialog', { name: 'Print sheet' });
  expect(dialog).toHaveTextContent('1 photo for European Union');
  await userEvent.click(within(dialog).getByRole('radio', { name: /A4/ }));
  const copies = within(dialog).getByRole('spinbutton', { name: 'Copies of each' });
  await userEvent.type(copies, '40');
  await userEvent.click(within(dialog).getByRole('button', { name: 'Make sheet' }));
  expect(fake.bridge.results.printSheet).toHaveBeenLastCalledWith(['item-2'], 'a4', 40, '/out');
  expect(await within(dialog).findByRole('alert')).toHaveTextContent(
    'Only 30 of 40 copies fit on A4 (210 × 297 mm): ask for fewer copies.',
  );
  expect(useUiStore.getState().notice).toMatchObject({ tone: 'error' });

  await userEvent.clear(copies);
  await userEvent.type(copies, '2');
  await userEvent.click(within(dialog).getByRole('button', { name: 'Make sheet' }));
  expect(fake.bridge.results.printSheet).toHaveBeenLastCalledWith(['item-2'], 'a4', 2, '/out');
  expect(useUiStore.getState().notice?.text).toBe(
    '2 copies fit on A4 (210 × 297 mm): saved sheet-eu-passport-a4.jpg and sheet-eu-passport-a4.pdf to /out',
  );
  expect(fake.bridge.results.chooseOutputDir).not.toHaveBeenCalled();
});
