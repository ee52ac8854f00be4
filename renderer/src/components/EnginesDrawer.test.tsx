/**
 * The Engines view with the bridge double (renderer/test/fakeBridge.ts): each engine's state, device
 * and pace from the queue's snapshot, a new one tested on the spot and added (or refused with its
 * sentence), one removed; the header counts the engines at work. The bridge's engines handlers run
 * against real servers in test/unit/electron/bridge/createBridge.test.ts and the CLI's integration test.
 */
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, expect, it } from 'vitest';
import type { EngineActivity } from '../../../contract/engines.ts';
import { FacecraftError } from '../../../contract/errors.ts';
import { type FakeBridge, installFakeBridge, READY_ENGINE, snapshotOf } from '../../test/fakeBridge.ts';
import { connectBridge } from '../stores/connectBridge.ts';
import { useEngineStore } from '../stores/useEngineStore.ts';
import { useQueueStore } from '../stores/useQueueStore.ts';
import { useUiStore } from '../stores/useUiStore.ts';
import { EnginesDrawer } from './EnginesDrawer.tsx';
import { Header } from './Header.tsx';

const GPU_SERVER = 'https://gpu.example.com';

function activity(patch: Partial<EngineActivity> & Pick<EngineActivity, 'id' | 'kind'>): EngineActivity {
  return {
    label: patch.id,
    state: 'ready',
    error: null,
    inFlight: 0,
    concurrency: 2,
    done: 0,
    averageMs: null,
    device: 'cpu',
    unavailableOptions: null,
    ...patch,
  };
}

let fake: FakeBridge;
beforeEach(() => {
  fake = installFakeBridge();
  useEngineStore.setState({ engine: READY_ENGINE });
});

it('shows each engine with its state, device and pace, and the header counts those at work', async () => {
  fake.bridge.engines.list.mockResolvedValue([{ url: GPU_SERVER, hasKey: true, concurrency: 4 }]);
  // How the engines fare arrives with the queue's snapshot.
  fake.bridge.queue.snapshot.mockResolvedValue(
    snapshotOf([], {
      engines: [
        activity({
          id: 'local',
          label: 'the local engine',
          kind: 'local',
          inFlight: 2,
          done: 3,
          averageMs: 4000,
        }),
        activity({
          id: GPU_SERVER,
          kind: 'url',
          device: 'cuda',
          concurrency: 4,
          inFlight: 4,
          done: 12,
          averageMs: 800,
        }),
        activity({
          id: 'http://10.0.0.9:8000',
          kind: 'url',
          state: 'down',
          device: null,
          error: {
            code: 'engine-key-refused',
            message: 'The engine at http://10.0.0.9:8000 refused the API key (HTTP 401).',
          },
        }),
      ],
    }),
  );
  connectBridge(fake.bridge);
  render(
    <>
      <Header />
      <EnginesDrawer />
    </>,
  );
  expect(await screen.findByTestId('engines-working')).toHaveTextContent('2 of 3 engines working');
  await userEvent.click(screen.getByRole('button', { name: 'Engines' }));
  const drawer = screen.getByRole('dialog', { name: 'Engines' });
  expect(within(drawer).getByTestId('engine-local')).toHaveTextContent(
    'Working on 2 CPU · up to 2 at once · 3 done · 4.0 s a photo · ≈ 30 photos/min',
  );
  const row = await within(drawer).findByTestId('engine-row');
  expect(row).toHaveTextContent(GPU_SERVER);
  expect(row).toHaveTextContent('With an API key · set to 4 at once');
  expect(row).toHaveTextContent(
    'Working on 4 GPU · up to 4 at once · 12 done · 800 ms a photo · ≈ 300 photos/min',
  );
  // No key ever reaches the page: the listing only says there is one.
  expect(JSON.stringify(useQueueStore.getState().snapshot)).not.toMatch(/apiKey/);
});

it('tests an engine on the spot, then adds it; a refused key is shown in its own words and nothing is added', async () => {
  const noEnhancer =
    'Face enhancement is not available: the Facecraft Desktop engine has no face enhancer loaded.';
  fake.bridge.engines.test.mockImplementationOnce(async (url: string) => ({
    url,
    plainHttp: true,
    kind: 'facecraft',
    version: '1.0.0',
    device: { type: 'cuda', name: 'NVIDIA L4', cuda_version: '12.4' },
    ready: true,
    unavailableOptions: { enhance_face: noEnhancer, enhance_fidelity: noEnhancer },
  }));
  useUiStore.setState({ enginesOpen: true });
  render(<EnginesDrawer />);
  await userEvent.type(screen.getByLabelText('Address'), 'http://10.0.0.5:8000');
  await userEvent.type(screen.getByLabelText('API key'), 'the-key');
  await userEvent.click(screen.getByRole('button', { name: 'Test' }));
  expect(fake.bridge.engines.test).toHaveBeenCalledWith('http://10.0.0.5:8000', 'the-key');
  expect(await screen.findByTestId('engine-test-report')).toHaveTextContent(
    'Reachable, key accepted: Facecraft Desktop engine 1.0.0, on GPU (NVIDIA L4), ready. Plain HTTP: allowed because the address is on this computer or a private network.',
  );
  // What it cannot honour, once.
  expect(screen.getByTestId('engine-test-limits')).toHaveTextContent(new RegExp(`^${noEnhancer}$`));

  const sentence =
    'The engine at http://10.0.0.5:8000 refused the API key (HTTP 401). Ask whoever runs it for the current key.';
  fake.bridge.engines.add.mockRejectedValueOnce(new FacecraftError('engine-key-refused', sentence));
  await userEvent.click(screen.getByRole('button', { name: 'Test and add' }));
  expect(await screen.findByTestId('engine-test-error')).toHaveTextContent(sentence);
  expect(screen.queryByTestId('engine-row')).toBeNull();

  await userEvent.click(screen.getByRole('button', { name: 'Test and add' }));
  expect(fake.bridge.engines.add).toHaveBeenLastCalledWith('http://10.0.0.5:8000', 'the-key', null);
  const row = await screen.findByTestId('engine-row');
  expect(row).toHaveTextContent('http://10.0.0.5:8000');
  expect(row).toHaveTextContent('With an API key');
  expect(screen.getByLabelText('Address')).toHaveValue('');

  await userEvent.click(within(row).getByRole('button', { name: 'Remove http://10.0.0.5:8000' }));
  expect(fake.bridge.engines.remove).toHaveBeenCalledWith('http://10.0.0.5:8000');
  expect(screen.queryByTestId('engine-row')).toBeNull();
});

it('with a server working and this computer’s engine in error, the header says the error is this computer’s', async () => {
  fake.bridge.engine.state.mockResolvedValue({
    ...READY_ENGINE,
    status: 'error',
    url: null,
    error: { code: 'docker-not-running', message: 'Docker is not running. Start Docker Desktop.' },
  });
  fake.bridge.queue.snapshot.mockResolvedValue(
    snapshotOf([], {
      engines: [
        activity({ id: 'local', label: 'the local engine', kind: 'local', state: 'down' }),
        activity({ id: GPU_SERVER, kind: 'url', device: 'cuda', inFlight: 3 }),
      ],
    }),
  );
  connectBridge(fake.bridge);
  render(<Header />);
  expect(await screen.findByTestId('engines-working')).toHaveTextContent('1 of 2 engines working');
  const light = screen.getByTestId('engine-status');
  expect(light).toHaveTextContent('This computer: Error');
  expect(light).toHaveAttribute('title', 'Docker is not running. Start Docker Desktop.');
});

it('with this computer’s engine alone, the header light is simply the engine’s', async () => {
  fake.bridge.engine.state.mockResolvedValue(READY_ENGINE);
  connectBridge(fake.bridge);
  render(<Header />);
  expect(await screen.findByTestId('engine-status')).toHaveTextContent('Engine: Ready');
});

it('stops this computer’s engine from the Engines view: main is asked, and the header then says Stopped', async () => {
  fake.bridge.engine.state.mockResolvedValue(READY_ENGINE);
  useUiStore.setState({ enginesOpen: true });
  connectBridge(fake.bridge);
  render(
    <>
      <Header />
      <EnginesDrawer />
    </>,
  );
  expect(await screen.findByTestId('engine-status')).toHaveTextContent('Engine: Ready');
  await userEvent.click(screen.getByRole('button', { name: 'Stop this computer’s engine' }));
  expect(fake.bridge.engine.stop).toHaveBeenCalledTimes(1);
  expect(screen.getByTestId('engine-status')).toHaveTextContent('Engine: Stopped');
  expect(screen.queryByRole('button', { name: 'Stop this computer’s engine' })).toBeNull();
});
