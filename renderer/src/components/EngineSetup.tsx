import { useEffect, useId, useState } from 'react';
import type { Device } from '../../../contract/domain.ts';
import { isPublishedChoice } from '../../../contract/engineChoices.ts';
import { engineBusy, engineFailure, useEngineStore } from '../stores/useEngineStore.ts';
import { useSettingsStore } from '../stores/useSettingsStore.ts';
import { useUiStore } from '../stores/useUiStore.ts';
import { useUrlEnginesStore } from '../stores/useUrlEnginesStore.ts';
import { DeviceChoice } from './DeviceChoice.tsx';
import { DockerStatusCard } from './DockerStatusCard.tsx';
import { ImageProgressPanel, isPreparing } from './ImageProgressPanel.tsx';
import { type ImageChoice, ImageSourceChoice } from './ImageSourceChoice.tsx';
import { ProgressBar } from './ProgressBar.tsx';

/** First run, and whenever the engine is not ready: Docker, device, image, one button. */
export function EngineSetup() {
  const settings = useSettingsStore((s) => s.settings);
  const titleId = useId();
  const docker = useEngineStore((s) => s.docker);
  const gpu = useEngineStore((s) => s.gpu);
  const engine = useEngineStore((s) => s.engine);
  const progressByDevice = useEngineStore((s) => s.progress);
  const getReady = useEngineStore((s) => s.getReady);
  const cancelPrepare = useEngineStore((s) => s.cancelPrepare);
  const setLogsOpen = useUiStore((s) => s.setLogsOpen);
  const engineImages = useEngineStore((s) => s.engineImages);
  const updateSettings = useSettingsStore((s) => s.update);

  const [device, setDevice] = useState<Device>('cpu');
  const [source, setSource] = useState<ImageChoice>('auto');
  useEffect(() => {
    if (!settings) return;
    setSource(isPublishedChoice(settings.imageRefs, settings.device) ? 'original' : settings.imageSource);
    setDevice(settings.device);
  }, [settings]);
  // Never leave GPU chosen on a machine where it cannot work.
  const chosenDevice: Device = device === 'gpu' && gpu?.usable !== true ? 'cpu' : device;

  // The original image is one click: it becomes the engine image at once (pulled, never built). Leaving
  // it puts our engine's references back; the other choices are saved by "Get the engine ready".
  const chooseSource = (choice: ImageChoice) => {
    setSource(choice);
    if (!engineImages || !settings) return;
    if (choice === 'original')
      void updateSettings({ imageSource: 'pull', imageRefs: { ...engineImages.published } });
    else if (isPublishedChoice(settings.imageRefs, chosenDevice))
      void updateSettings({ imageSource: choice, imageRefs: { ...engineImages.own } });
  };

  const progress = progressByDevice[chosenDevice];
  const dockerReady = docker?.state === 'ready';
  const busy = engineBusy(engine);
  const failure = engineFailure(engine);

  return (
    <main className="setup" aria-labelledby={titleId}>
      <div className="setup-inner">
        <h1 id={titleId} className="setup-title">
          Get the engine ready
        </h1>
        <p className="setup-lede">
          Facecraft works on this computer, inside Docker. Your photos never leave it.
        </p>

        <DockerStatusCard />
        <OtherComputersLine />

        <section className="card" aria-label="Engine choices">
          <DeviceChoice value={chosenDevice} onChange={setDevice} />
          <ImageSourceChoice
            value={source}
            reference={settings?.imageRefs[chosenDevice] ?? null}
            originalReference={engineImages?.published[chosenDevice] ?? null}
            onChange={chooseSource}
          />
        </section>

        <section className="card setup-action" aria-label="Start">
          {engine?.status === 'ready' ? (
            <p className="ready-line" aria-live="polite">
              <span className="status-dot status-ok-dot" aria-hidden="true" /> The engine is ready.
            </p>
          ) : (
            <button
              type="button"
              className="button button-primary button-large"
              disabled={!dockerReady || busy}
              onClick={() => void getReady(chosenDevice, source === 'original' ? 'pull' : source)}
            >
              {busy ? 'Getting the engine ready…' : 'Get the engine ready'}
            </button>
          )}
          {!dockerReady && !busy && <p className="muted small">Docker has to be ready first.</p>}
          {busy && progress && isPreparing(progress) && (
            <ImageProgressPanel progress={progress} onCancel={() => void cancelPrepare(chosenDevice)} />
          )}
          {busy && !(progress && isPreparing(progress)) && (
            <div className="image-progress" aria-live="polite">
              <strong>Starting the engine and waiting until it answers…</strong>
              <ProgressBar value={null} label="Starting the engine" />
            </div>
          )}
          {!busy && failure && (
            <div className="error-box" role="alert">
              <strong>The engine could not start.</strong>
              <p>{failure}</p>
              {engine?.logTail && engine.logTail.length > 0 && (
                <details>
                  <summary>Last log lines</summary>
                  <pre className="log-tail">{engine.logTail.join('\n')}</pre>
                </details>
              )}
            </div>
          )}
          <button type="button" className="button-ghost" onClick={() => setLogsOpen(true)}>
            Show engine logs
          </button>
        </section>
      </div>
    </main>
  );
}

/** Docker is not the only way: an engine on another computer takes the photos too. */
function OtherComputersLine() {
  const urlEngineCount = useUrlEnginesStore((s) => s.engines.length);
  const setEnginesOpen = useUiStore((s) => s.setEnginesOpen);
  const setLocalSetupOpen = useUiStore((s) => s.setLocalSetupOpen);
  if (urlEngineCount > 0)
    return (
      <p className="muted small">
        {urlEngineCount === 1
          ? 'An engine on another computer'
          : `${urlEngineCount} engines on other computers`}{' '}
        can take the photos meanwhile.{' '}
        <button type="button" className="button-ghost" onClick={() => setLocalSetupOpen(false)}>
          Back to the photos
        </button>
      </p>
    );
  return (
    <p className="muted small">
      Facecraft engine running on another computer (a GPU server, a cluster)?{' '}
      <button type="button" className="button-ghost" onClick={() => setEnginesOpen(true)}>
        Add it in Engines…
      </button>
    </p>
  );
}
