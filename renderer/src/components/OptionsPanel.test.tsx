import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, expect, it } from 'vitest';
import { DEFAULT_PROCESS_OPTIONS } from '../../../contract/domain.ts';
import {
  type FakeBridge,
  installFakeBridge,
  READY_ENGINE,
  SETTINGS,
  snapshotOf,
} from '../../test/fakeBridge.ts';
import { useEngineStore } from '../stores/useEngineStore.ts';
import { useQueueStore } from '../stores/useQueueStore.ts';
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

// What each engine says it cannot honour, as the launcher words it (engineKind/optionAvailability.ts;
// the end-to-end test with the published-image double reads the real sentences).
const PUBLISHED = 'the published Facecraft image';
const OURS = 'the Facecraft Desktop engine';
const PUBLISHED_SAYS: Record<string, string> = {
  enhance_face: `Face enhancement is not available: ${PUBLISHED} has no face enhancer loaded.`,
  touch_up: `Not available with ${PUBLISHED}: it ignores this option.`,
};
const OURS_SAYS: Record<string, string> = {
  enhance_face: `Face enhancement is not available: ${OURS} has no face enhancer loaded.`,
};
const GPU_SERVER = 'https://gpu.example.com';

function localEngine(kind: 'published' | 'facecraft-desktop') {
  useEngineStore.getState().receiveEngine({
    ...READY_ENGINE,
    engine: {
      kind,
      title: kind === 'published' ? PUBLISHED : OURS,
      unavailableOptions: kind === 'published' ? PUBLISHED_SAYS : OURS_SAYS,
      transparentPngWithoutOval: kind !== 'published',
    },
  });
}

function urlEngineServing(unavailable: Record<string, string>) {
  useQueueStore.getState().receive({
    ...snapshotOf([]),
    engines: [
      {
        id: GPU_SERVER,
        label: GPU_SERVER,
        kind: 'url',
        state: 'ready',
        error: null,
        inFlight: 0,
        concurrency: 1,
        done: 0,
        averageMs: null,
        device: 'cuda',
        unavailableOptions: unavailable,
      },
    ],
  });
}

it('with the published image, the natural touch-up is shown off and unavailable: it ignores the option', () => {
  localEngine('published');
  render(<OptionsPanel />);
  const touchUp = screen.getByRole('checkbox', { name: /Natural touch-up/ });
  expect(touchUp).toBeDisabled();
  expect(touchUp).not.toBeChecked();
  expect(screen.getByTestId('touchUp-note')).toHaveTextContent(PUBLISHED_SAYS.touch_up!);
});

it('with the published image on a server beside ours, the touch-up stays on and says which engine ignores it', async () => {
  localEngine('facecraft-desktop');
  urlEngineServing(PUBLISHED_SAYS);
  render(<OptionsPanel />);
  const touchUp = screen.getByRole('checkbox', { name: /Natural touch-up/ });
  expect(touchUp).toBeEnabled();
  expect(touchUp).toBeChecked();
  expect(screen.getByTestId('touchUp-note')).toHaveTextContent(
    `Not on ${GPU_SERVER}: ${PUBLISHED_SAYS.touch_up}`,
  );
  // Neither has a face enhancer: unavailable, with this computer's reason.
  expect(screen.getByRole('checkbox', { name: /Enhance the face/ })).toBeDisabled();
  expect(screen.getByTestId('enhance-note')).toHaveTextContent(OURS_SAYS.enhance_face!);
  await userEvent.click(touchUp);
  expect(fake.bridge.settings.update).toHaveBeenLastCalledWith({
    options: expect.objectContaining({ touchUp: false }),
  });
});

it('with only a URL engine (none on this computer), its own limits decide', () => {
  useEngineStore.getState().receiveEngine({ ...READY_ENGINE, status: 'stopped', engine: null });
  urlEngineServing(PUBLISHED_SAYS);
  render(<OptionsPanel />);
  expect(screen.getByRole('checkbox', { name: /Natural touch-up/ })).toBeDisabled();
  expect(screen.getByTestId('touchUp-note')).toHaveTextContent(PUBLISHED_SAYS.touch_up!);
});
