import { useId } from 'react';
import type { Device } from '../../../contract/domain.ts';
import { useEngineStore } from '../stores/useEngineStore.ts';
import { RadioChoice } from './RadioChoice.tsx';

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
      <RadioChoice
        name="device"
        value="cpu"
        current={value}
        title="CPU"
        note="Works on every computer. A few seconds per photo."
        noteId={`${id}-cpu`}
        onSelect={onChange}
      />
      <RadioChoice
        name="device"
        value="gpu"
        current={value}
        title={`GPU (NVIDIA)${gpuUsable ? '' : ' — not available'}`}
        note={gpuNote}
        disabled={!gpuUsable}
        noteId={`${id}-gpu`}
        noteTestId="gpu-reason"
        onSelect={onChange}
      />
    </fieldset>
  );
}
