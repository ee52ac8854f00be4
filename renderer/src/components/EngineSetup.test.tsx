import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeBridge,
  installFakeBridge,
  NO_GPU,
  OWN_ENGINE_REFERENCES,
  READY_DOCKER,
  READY_ENGINE,
  SETTINGS,
  STOPPED_DOCKER,
} from '../../test/fakeBridge.ts';
import { connectBridge } from '../stores/connectBridge.ts';
import { App } from './App.tsx';

let fake: FakeBridge;

beforeEach(() => {
  fake = installFakeBridge();
});

function renderApp() {
  connectBridge(fake.bridge);
  return render(<App />);
}

describe('getting the engine ready', () => {
  it('shows the Docker sentence, and Retry probes Docker again', async () => {
    fake.bridge.docker.state.mockResolvedValue(STOPPED_DOCKER);
    renderApp();
    expect(await screen.findByText('Docker is not running')).toBeInTheDocument();
    expect(screen.getByText(STOPPED_DOCKER.message)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Get the engine ready' })).toBeDisabled();

    fake.bridge.docker.state.mockResolvedValue(READY_DOCKER);
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(fake.bridge.docker.state).toHaveBeenLastCalledWith(true);
    expect(await screen.findByText('Docker is ready')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Get the engine ready' })).toBeEnabled();
  });

  it('disables GPU with the reason it cannot be used', async () => {
    renderApp();
    const gpu = await screen.findByRole('radio', { name: /GPU \(NVIDIA\) — not available/ });
    await waitFor(() => expect(gpu).toHaveAccessibleDescription(NO_GPU.reason));
    expect(gpu).toBeDisabled();
    expect(screen.getByRole('radio', { name: /^CPU/ })).toBeChecked();
  });

  it('gets the engine ready with one button, showing download progress, then the main view', async () => {
    const started = deferred<typeof READY_ENGINE>();
    fake.bridge.engine.start.mockReturnValue(started.promise);
    renderApp();
    await userEvent.click(await screen.findByRole('radio', { name: /Build it on this computer/ }));
    const button = await screen.findByRole('button', { name: 'Get the engine ready' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    // Main keeps the choice as the settings and says it is starting; the page only shows that.
    expect(fake.bridge.engine.start).toHaveBeenCalledWith('cpu', 'build');
    expect(fake.bridge.settings.update).not.toHaveBeenCalled();
    act(() => fake.emit('engineState', { ...READY_ENGINE, status: 'starting', url: null }));
    expect(await screen.findByRole('button', { name: 'Getting the engine ready…' })).toBeDisabled();

    act(() =>
      fake.emit('imageProgress', {
        device: 'cpu',
        kind: 'pull',
        reference: 'djok/facecraft:cpu',
        phase: 'downloading',
        currentBytes: 50 * 1024 * 1024,
        totalBytes: 200 * 1024 * 1024,
        step: null,
        message: 'Downloading layer 3 of 7',
        etaSeconds: 90,
        error: null,
        startedAt: 0,
      }),
    );
    expect(await screen.findByText('Downloading the engine')).toBeInTheDocument();
    expect(screen.getByText('50.0 MB of 200 MB · about 2 min left')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Downloading the engine' })).toHaveAttribute(
      'aria-valuenow',
      '25',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(fake.bridge.images.cancel).toHaveBeenCalledWith('cpu');

    await act(async () => started.resolve(READY_ENGINE));
    expect(await screen.findByText('Drop photos or folders here')).toBeInTheDocument();
    expect(screen.getByTestId('engine-status')).toHaveTextContent('Engine: Ready');
    expect(screen.getByTestId('engine-device')).toHaveTextContent('Running on CPU');
  });

  it('gets our engine automatically: with no choice made, a refused download turns into a build, said in one sentence', async () => {
    const started = deferred<typeof READY_ENGINE>();
    fake.bridge.engine.start.mockReturnValue(started.promise);
    renderApp();
    expect(
      await screen.findByRole('radio', { name: /Get the Facecraft Desktop engine automatically/ }),
    ).toBeChecked();
    const button = await screen.findByRole('button', { name: 'Get the engine ready' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    act(() => fake.emit('engineState', { ...READY_ENGINE, status: 'starting', url: null }));
    const note =
      'The engine image could not be downloaded (The registry refused access), so it is being built on this computer from the bundled recipe; this takes a few minutes.';
    act(() =>
      fake.emit('imageProgress', {
        device: 'cpu',
        kind: 'build',
        reference: 'facecraft:cpu',
        phase: 'building',
        currentBytes: 3,
        totalBytes: 20,
        step: { n: 3, m: 20 },
        message: 'RUN apt-get update',
        etaSeconds: null,
        error: null,
        startedAt: 0,
        note,
      }),
    );
    expect(await screen.findByTestId('image-progress-note')).toHaveTextContent(note);
    expect(screen.getByText(/Step 3 of 20/)).toBeInTheDocument();
    await act(async () => started.resolve(READY_ENGINE));
    expect(await screen.findByText('Drop photos or folders here')).toBeInTheDocument();
  });

  it('the original Facecraft image is one click: described honestly, it becomes the engine image (pulled, never built)', async () => {
    renderApp();
    const original = await screen.findByRole('radio', { name: /The original Facecraft image/ });
    expect(screen.getByTestId('original-image-note')).toHaveTextContent(
      /^The original Facecraft image: 4 GB download .*no API key, fewer options .* · djok\/facecraft:cpu$/,
    );
    await userEvent.click(original);
    expect(fake.bridge.settings.update).toHaveBeenCalledWith({
      imageSource: 'pull',
      imageRefs: { cpu: 'djok/facecraft:cpu', gpu: 'djok/facecraft:gpu' },
    });
    expect(original).toBeChecked();

    const button = screen.getByRole('button', { name: 'Get the engine ready' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    expect(fake.bridge.engine.start).toHaveBeenCalledWith('cpu', 'pull');
    expect((await fake.bridge.settings.get()).imageRefs.cpu).toBe('djok/facecraft:cpu');
    expect((await fake.bridge.settings.get()).imageSource).toBe('pull');
  });

  it('an app set to the original image opens with that choice; choosing our engine again puts its references back', async () => {
    fake.bridge.settings.get.mockResolvedValue({
      ...SETTINGS,
      imageSource: 'pull',
      imageRefs: { cpu: 'djok/facecraft:cpu', gpu: 'djok/facecraft:gpu' },
    });
    renderApp();
    const original = await screen.findByRole('radio', { name: /The original Facecraft image/ });
    await waitFor(() => expect(original).toBeChecked());
    await userEvent.click(
      screen.getByRole('radio', { name: /Get the Facecraft Desktop engine automatically/ }),
    );
    expect(fake.bridge.settings.update).toHaveBeenCalledWith({
      imageSource: 'auto',
      imageRefs: OWN_ENGINE_REFERENCES,
    });
    expect(
      screen.getByRole('radio', { name: /Get the Facecraft Desktop engine automatically/ }),
    ).toBeChecked();
  });

  it('says why the engine failed to start and shows its last log lines', async () => {
    fake.bridge.engine.start.mockResolvedValue({
      ...READY_ENGINE,
      status: 'error',
      error: { code: 'engine-start-failed', message: 'The engine stopped while starting: out of memory.' },
      logTail: ['Killed'],
    });
    renderApp();
    const button = await screen.findByRole('button', { name: 'Get the engine ready' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The engine stopped while starting: out of memory.',
    );
    expect(screen.getByText('Killed')).toBeInTheDocument();
  });

  it('Docker stopping shows its sentence; the engine main brings back shows the main view again', async () => {
    fake.bridge.engine.state.mockResolvedValue(READY_ENGINE);
    renderApp();
    expect(await screen.findByText('Drop photos or folders here')).toBeInTheDocument();
    act(() => {
      fake.emit('dockerState', STOPPED_DOCKER);
      fake.emit('engineState', { ...READY_ENGINE, status: 'error', error: null });
    });
    expect(await screen.findByText(STOPPED_DOCKER.message)).toBeInTheDocument();
    // Main restarts the engine it was asked for when Docker returns: the page never starts it itself.
    act(() => {
      fake.emit('dockerState', { ...STOPPED_DOCKER, state: 'ready', message: 'Docker is ready.' });
      fake.emit('engineState', READY_ENGINE);
    });
    expect(await screen.findByText('Drop photos or folders here')).toBeInTheDocument();
    expect(fake.bridge.engine.start).not.toHaveBeenCalled();
  });
});

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve: (value: T) => resolve(value) };
}

describe('with an engine on another computer', () => {
  it('shows the photos without Docker, and keeps this computer’s setup one click away', async () => {
    fake.bridge.docker.state.mockResolvedValue(STOPPED_DOCKER);
    fake.bridge.engines.list.mockResolvedValue([
      { url: 'https://gpu.example.com', hasKey: true, concurrency: null },
    ]);
    renderApp();
    expect(await screen.findByText('Drop photos or folders here')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: /^Engines/ }));
    await userEvent.click(await screen.findByRole('button', { name: 'Set up this computer’s engine…' }));
    expect(await screen.findByRole('heading', { name: 'Get the engine ready' })).toBeInTheDocument();
    expect(screen.getByText(STOPPED_DOCKER.message)).toBeInTheDocument();
    expect(
      screen.getByText(/An engine on another computer\s+can take the photos meanwhile\./),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Back to the photos' }));
    expect(await screen.findByText('Drop photos or folders here')).toBeInTheDocument();
  });

  it('without one, the setup screen says an engine on another computer can be added', async () => {
    fake.bridge.docker.state.mockResolvedValue(STOPPED_DOCKER);
    renderApp();
    await userEvent.click(await screen.findByRole('button', { name: 'Add it in Engines…' }));
    expect(await screen.findByRole('dialog', { name: 'Engines' })).toBeInTheDocument();
  });
});
