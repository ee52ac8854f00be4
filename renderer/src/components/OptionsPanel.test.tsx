import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, expect, it } from 'vitest';
import { DEFAULT_PROCESS_OPTIONS } from '../../../contract/domain.ts';
import { type FakeBridge, installFakeBridge, READY_ENGINE, SETTINGS } from '../../test/fakeBridge.ts';
import { useEngineStore } from '../stores/useEngineStore.ts';
import { useSettingsStore } from '../stores/useSettingsStore.ts';
import { OptionsPanel } from './OptionsPanel.tsx';

let fake: FakeBridge;
beforeEach(() => {
  fake = installFakeBridge();
  useSettingsStore.getState().receive(SETTINGS);
});

it('remembers a size preset, a background swatch and the toggles through settings.update', async () => {
  render(<OptionsPanel />);
  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Size' }), 'eu-35x45');
  expect(fake.bridge.settings.update).toHaveBeenLastCalledWith({
    options: { ...DEFAULT_PROCESS_OPTIONS, width: 413, height: 531 },
  });

  await userEvent.click(screen.getByRole('button', { name: 'Passport blue' }));
  expect(fake.bridge.settings.update).toHaveBeenLastCalledWith({
    options: { ...DEFAULT_PROCESS_OPTIONS, width: 413, height: 531, background: { r: 63, g: 111, b: 181 } },
  });
  expect(screen.getByRole('button', { name: 'Passport blue' })).toHaveAttribute('aria-pressed', 'true');

  await userEvent.click(screen.getByRole('checkbox', { name: /Oval mask/ }));
  expect(fake.bridge.settings.update).toHaveBeenLastCalledWith({
    options: expect.objectContaining({ ovalMask: false, enhance: true }),
  });
  expect(screen.getByRole('checkbox', { name: /Oval mask/ })).not.toBeChecked();
});

it('offers a custom size with width and height', async () => {
  render(<OptionsPanel />);
  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Size' }), 'custom');
  const width = screen.getByRole('spinbutton', { name: 'Width (px)' });
  await userEvent.clear(width);
  await userEvent.type(width, '800');
  await waitFor(() =>
    expect(fake.bridge.settings.update).toHaveBeenLastCalledWith({
      options: expect.objectContaining({ width: 800, height: 648 }),
    }),
  );
});

it('remembers the margin once the slider settles', async () => {
  render(<OptionsPanel />);
  const slider = screen.getByRole('slider', { name: /Space around the face/ });
  fireEvent.change(slider, { target: { value: '0.35' } });
  expect(screen.getByText('35%')).toBeInTheDocument();
  await waitFor(() =>
    expect(fake.bridge.settings.update).toHaveBeenLastCalledWith({
      options: expect.objectContaining({ faceMargin: 0.35 }),
    }),
  );
});

it('shows face enhancement unavailable with the reason, and says the PNG keeps the background with the published image', async () => {
  const reason =
    'Face enhancement is not available: the published Facecraft image has no face enhancer loaded.';
  useSettingsStore.getState().receive({ ...SETTINGS, options: { ...SETTINGS.options, ovalMask: false } });
  useEngineStore.getState().receiveEngine({
    ...READY_ENGINE,
    engine: {
      kind: 'published',
      title: 'the published Facecraft image',
      unavailableOptions: { enhance_face: reason, enhance_fidelity: reason },
      transparentPngWithoutOval: false,
    },
  });
  render(<OptionsPanel />);
  const enhance = screen.getByRole('checkbox', { name: /Enhance the face/ });
  expect(enhance).toBeDisabled();
  expect(enhance).not.toBeChecked();
  expect(screen.getByTestId('enhance-note')).toHaveTextContent(reason);
  expect(screen.getByText(/the PNG has the background colour, not transparency/)).toBeInTheDocument();
});
