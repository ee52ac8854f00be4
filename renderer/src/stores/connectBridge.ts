import type { FacecraftBridge } from '../../../contract/bridge.ts';
import { useEngineStore } from './useEngineStore.ts';
import { useQueueStore } from './useQueueStore.ts';
import { useSettingsStore } from './useSettingsStore.ts';
import { useUrlEnginesStore } from './useUrlEnginesStore.ts';

/**
 * Feeds the stores from the bridge: events first (so nothing pushed during the initial load is lost),
 * then one read of every service. Returns the unsubscribe for all of it.
 */
export function connectBridge(bridge: FacecraftBridge): () => void {
  const engine = useEngineStore.getState();
  const unsubscribers = [
    bridge.on('dockerState', (s) => engine.receiveDocker(s)),
    bridge.on('gpuCapability', (g) => engine.receiveGpu(g)),
    bridge.on('imageProgress', (p) => engine.receiveProgress(p)),
    bridge.on('engineState', (e) => engine.receiveEngine(e)),
    bridge.on('engineLog', (l) => engine.receiveLog(l.line)),
    bridge.on('queue', (q) => useQueueStore.getState().receive(q)),
    bridge.on('settings', (s) => useSettingsStore.getState().receive(s)),
    bridge.on('urlEngines', (e) => useUrlEnginesStore.getState().receive(e)),
  ];

  const ignore = () => undefined;
  bridge.settings.get().then(useSettingsStore.getState().receive, ignore);
  bridge.app.info().then((info) => engine.receiveEngineImages(info.engineImages), ignore);
  bridge.docker.state().then(engine.receiveDocker, ignore);
  bridge.engine.state().then(engine.receiveEngine, ignore);
  bridge.queue.snapshot().then(useQueueStore.getState().receive, ignore);
  bridge.engines.list().then(useUrlEnginesStore.getState().receive, ignore);
  bridge.images.list().then((list) => {
    for (const status of list) if (status.progress) engine.receiveProgress(status.progress);
  }, ignore);
  // The GPU probe starts a container; it may take a few seconds, so it never blocks the first paint.
  bridge.gpu.capability().then(engine.receiveGpu, ignore);

  return () => {
    for (const off of unsubscribers) off();
  };
}
