import { useId, useState } from 'react';
import type { Device } from '../../../contract/domain.ts';
import { engineBusy, useEngineStore } from '../stores/useEngineStore.ts';

/**
 * CPU⇄GPU in the header. Switching keeps the queue (the main process starts the other engine first).
 * GPU stays focusable when unusable so that choosing it explains why instead of doing nothing.
 */
export function DeviceSwitch() {
  const engine = useEngineStore((s) => s.engine);
  const gpu = useEngineStore((s) => s.gpu);
  const switchDevice = useEngineStore((s) => s.switchDevice);
  const whyId = useId();
  const [explanation, setExplanation] = useState<string | null>(null);
  const current: Device | null = engine?.device ?? null;
  const ready = engine?.status === 'ready';
  const busy = engineBusy(engine);

  const choose = (device: Device) => {
    if (device === 'gpu' && gpu?.usable !== true) {
      setExplanation(
        gpu ? `GPU can’t be used on this computer. ${gpu.reason}` : 'Still checking for a usable GPU…',
      );
      return;
    }
    setExplanation(null);
    if (device !== current && ready && !busy) void switchDevice(device);
  };

  return (
    <div className="device-switch-wrap">
      <fieldset className="segmented" aria-describedby={explanation ? whyId : undefined}>
        <legend className="visually-hidden">Processing device</legend>
        {(['cpu', 'gpu'] as const).map((device) => {
          const unusable = device === 'gpu' && gpu?.usable !== true;
          return (
            <button
              key={device}
              type="button"
              className={`segment ${current === device ? 'segment-on' : ''} ${unusable ? 'segment-unusable' : ''}`}
              aria-pressed={current === device}
              // Unusable GPU stays operable: pressing it explains why (a disabled button would say nothing).
              aria-disabled={!ready || busy}
              title={unusable ? 'GPU is not usable on this computer — press to see why' : undefined}
              onClick={() => choose(device)}
            >
              {device.toUpperCase()}
            </button>
          );
        })}
      </fieldset>
      {explanation && (
        <div id={whyId} className="popover" aria-live="polite" data-testid="gpu-why">
          <p>{explanation}</p>
          <button type="button" className="button-ghost" onClick={() => setExplanation(null)}>
            OK
          </button>
        </div>
      )}
    </div>
  );
}
