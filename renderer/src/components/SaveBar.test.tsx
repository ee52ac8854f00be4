import { render, screen } from '@testing-library/react';
import { beforeEach, expect, it } from 'vitest';
import { PNG_WITH_BACKGROUND_LABEL } from '../../../contract/processOptions.ts';
import { installFakeBridge, queueItem, queueResult, SETTINGS, snapshotOf } from '../../test/fakeBridge.ts';
import { useQueueStore } from '../stores/useQueueStore.ts';
import { useSettingsStore } from '../stores/useSettingsStore.ts';
import { SaveBar } from './SaveBar.tsx';

beforeEach(() => {
  installFakeBridge();
  useSettingsStore.getState().receive(SETTINGS);
});

function pngChoice(): string | null {
  const select = screen.getByRole('combobox', { name: 'Save as' });
  return select.querySelector('option[value="png"]')?.textContent ?? null;
}

it('offers a transparent PNG when the results have one', () => {
  useQueueStore
    .getState()
    .receive(
      snapshotOf([queueItem(1, { state: 'done', result: queueResult({ pngBackground: 'transparent' }) })]),
    );
  render(<SaveBar doneCount={1} />);
  expect(pngChoice()).toBe('PNG, transparent background');
});

it('says the PNG has the background colour when an engine filled it (the published image, oval off)', () => {
  useQueueStore
    .getState()
    .receive(
      snapshotOf([
        queueItem(1, { state: 'done', result: queueResult({ pngBackground: 'transparent' }) }),
        queueItem(2, { state: 'done', result: queueResult({ pngBackground: 'filled' }) }),
      ]),
    );
  render(<SaveBar doneCount={2} />);
  expect(pngChoice()).toBe(PNG_WITH_BACKGROUND_LABEL);
});
