import { useId } from 'react';
import type { Device } from '../../../contract/domain.ts';
import { useEngineStore } from '../stores/useEngineStore.ts';

interface Props {
  value: Device;
  onChange(device: Device): void;
}

/** CPU always works; GPU only when the probe proved it, otherwise it says why and what to install. */
export function DeviceChoice({ value, onChange }: Props) {
  const gpu = useEngineStore((s) => s.gpu);
  const id = useId();
  const gpuUsable = gpu?.usable === true;
  const gpuNote = gpu === null ? 'Checking for a usable graphics card…' : gpu.reason;
  return (
    <fieldset className="choice-group">
      <legend>Where should photos be processed?</legend>
      <label className={`choice ${value === 'cpu' ? 'choice-selected' : ''}`}>
        <input
          type="radio"
          name="device"
          value="cpu"
          checked={value === 'cpu'}
          onChange={() => onChange('cpu')}
          aria-describedby={`${id}-cpu`}
        />
        <span className="choice-text">
          <span className="choice-title">CPU</span>
          <span id={`${id}-cpu`} className="choice-note">
            Works on every computer. A few seconds per photo.
          </span>
        </span>
      </label>
      <label
        className={`choice ${value === 'gpu' ? 'choice-selected' : ''} ${gpuUsable ? '' : 'choice-disabled'}`}
      >
        <input
          type="radio"
          name="device"
          value="gpu"
          checked={value === 'gpu'}
          disabled={!gpuUsable}
          onChange={() => onChange('gpu')}
          aria-describedby={`${id}-gpu`}
        />
        <span className="choice-text">
          <span className="choice-title">GPU (NVIDIA){gpuUsable ? '' : ' — not available'}</span>
          <span id={`${id}-gpu`} className="choice-note" data-testid="gpu-reason">
            {gpuNote}
          </span>
        </span>
      </label>
    </fieldset>
  );
}
