import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, expect, it } from 'vitest';
import { DEFAULT_PROCESS_OPTIONS } from '../../../contract/processOptions.ts';
import { type FakeBridge, installFakeBridge, READY_ENGINE, SETTINGS } from '../../test/fakeBridge.ts';
import { useEngineStore } from '../stores/useEngineStore.ts';
import { useSettingsStore } from '../stores/useSettingsStore.ts';
import { DocumentPicker } from './DocumentPicker.tsx';

let fake: FakeBridge;
beforeEach(() => {
  fake = installFakeBridge();
  useSettingsStore.getState().receive({ ...SETTINGS, imageSource: 'build' });
});

it('finds a document by country, shows its rules in one line and frames the next photos by it (bridge double)', async () => {
  render(<DocumentPicker />);
  await userEvent.type(screen.getByRole('searchbox', { name: 'Document' }), 'kingdom');
  const select = screen.getByRole('combobox', { name: 'Document' });
  expect([...select.querySelectorAll('option')].map((o) => o.textContent)).toEqual([
    'None (free framing)',
    'United Kingdom — Passport (35 × 45 mm)',
    'United Kingdom — Passport, online application (600 × 750 px or more)',
  ]);
  await userEvent.selectOptions(select, 'uk-passport');
  expect(screen.getByTestId('document-rules')).toHaveTextContent(
    '35 × 45 mm at 300 dpi = 413 × 531 px · head 29–34 mm (64–76 %)',
  );
  expect(fake.bridge.settings.update).toHaveBeenLastCalledWith({
    documentId: 'uk-passport',
    options: expect.objectContaining({
      width: 413,
      height: 531,
      dpi: 300,
      targetHeadRatio: 0.7,
      ovalMask: false,
    }),
  });
});

it('says why document framing is unavailable with the published image (bridge double)', async () => {
  useSettingsStore.getState().receive({ ...SETTINGS, options: DEFAULT_PROCESS_OPTIONS });
  useEngineStore.getState().receiveEngine({
    ...READY_ENGINE,
    engine: {
      kind: 'published',
      title: 'the published Facecraft image',
      unavailableOptions: {},
      transparentPngWithoutOval: false,
    },
  });
  render(<DocumentPicker />);
  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Document' }), 'us-passport');
  expect(screen.getByTestId('document-unavailable')).toHaveTextContent(
    'Document framing is unavailable: This engine returns no measurements (the published Facecraft image does not)',
  );
});
