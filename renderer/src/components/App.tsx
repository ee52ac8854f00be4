import { useEffect, useState } from 'react';
import { useEngineStore } from '../stores/useEngineStore.ts';
import { useUiStore } from '../stores/useUiStore.ts';
import { useUrlEnginesStore } from '../stores/useUrlEnginesStore.ts';
import { EngineSetup } from './EngineSetup.tsx';
import { EnginesDrawer } from './EnginesDrawer.tsx';
import { Header } from './Header.tsx';
import { LogsDrawer } from './LogsDrawer.tsx';
import { MainView } from './MainView.tsx';
import { NoticeBar } from './NoticeBar.tsx';

/**
 * The main view once the engine has been ready; the setup screen before that, and again when Docker or
 * the engine is lost. A device switch (engine briefly "starting") keeps the main view and the queue.
 * With engines on other computers added, the photos need no local engine: the main view shows unless
 * the user asked for this computer's setup (from the Engines view).
 */
export function App() {
  const engine = useEngineStore((s) => s.engine);
  const docker = useEngineStore((s) => s.docker);
  const urlEngineCount = useUrlEnginesStore((s) => s.engines.length);
  const localSetupOpen = useUiStore((s) => s.localSetupOpen);
  const setLocalSetupOpen = useUiStore((s) => s.setLocalSetupOpen);
  const [wasReady, setWasReady] = useState(false);
  const [dockerLost, setDockerLost] = useState(false);
  const status = engine?.status;
  const dockerState = docker?.state;
  useEffect(() => {
    // "checking" (a reconnect in progress) keeps whatever was known, so the screen does not flicker.
    if (dockerState === 'ready') setDockerLost(false);
    else if (dockerState && dockerState !== 'checking') setDockerLost(true);
  }, [dockerState]);
  useEffect(() => {
    if (status === 'ready') setWasReady(true);
    if (status === 'ready') setLocalSetupOpen(false);
    if (status === 'stopped' || status === 'error') setWasReady(false);
  }, [status, setLocalSetupOpen]);
  const localMain =
    !dockerLost && (status === 'ready' || (wasReady && (status === 'starting' || status === 'stopping')));
  const showMain = localMain || (urlEngineCount > 0 && !localSetupOpen);
  return (
    <div className="app">
      <Header />
      {showMain ? <MainView /> : <EngineSetup />}
      <LogsDrawer />
      <EnginesDrawer />
      <NoticeBar />
    </div>
  );
}
