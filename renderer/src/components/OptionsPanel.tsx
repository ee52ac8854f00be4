import { useEffect, useId, useRef, useState } from 'react';
import { type EngineActivity, optionSupport } from '../../../contract/engines.ts';
import {
  DEFAULT_PROCESS_OPTIONS,
  optionRange,
  optionSpec,
  PROCESS_OPTION_KEYS,
  type ProcessOptionKey,
  type ProcessOptions,
  SIZE_PRESETS,
} from '../../../contract/processOptions.ts';
import { useEngineStore } from '../stores/useEngineStore.ts';
import { useQueueStore } from '../stores/useQueueStore.ts';
import { useSettingsStore } from '../stores/useSettingsStore.ts';
import { BackgroundPicker } from './BackgroundPicker.tsx';
import { DocumentPicker } from './DocumentPicker.tsx';
import { PixelField } from './PixelField.tsx';
import { TableOption } from './TableOption.tsx';
import { ToggleField } from './ToggleField.tsx';

const CUSTOM = 'custom';
const NO_ENGINES: readonly EngineActivity[] = [];
const MARGIN = optionRange('faceMargin');
/** Options the table gives a control of its own (the others are laid out below by hand, or hidden). */
const TABLE_CONTROLLED = PROCESS_OPTION_KEYS.filter((key) => optionSpec(key).control !== undefined);

function presetFor(options: ProcessOptions): string {
  return SIZE_PRESETS.find((p) => p.width === options.width && p.height === options.height)?.id ?? CUSTOM;
}

/** Options for photos added from now on; every change is remembered (settings.update). */
export function OptionsPanel() {
  const saved = useSettingsStore((s) => s.settings?.options) ?? DEFAULT_PROCESS_OPTIONS;
  const update = useSettingsStore((s) => s.update);
  const titleId = useId();
  // What the engines taking photos cannot honour, with the reason (engineKind/optionAvailability.ts):
  // this computer's and every URL engine the queue spreads photos over.
  const engine = useEngineStore((s) => s.engine?.engine ?? null);
  const activity = useQueueStore((s) => s.snapshot.engines) ?? NO_ENGINES;
  const support = (key: ProcessOptionKey) => {
    const spec = optionSpec(key);
    return 'field' in spec ? optionSupport(spec.field, engine, activity) : undefined;
  };
  const enhance = support('enhance');
  const pngFilled = engine !== null && !engine.transparentPngWithoutOval && !saved.ovalMask;
  const [margin, setMargin] = useState(saved.faceMargin);
  const [customChosen, setCustomChosen] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => setMargin(saved.faceMargin), [saved.faceMargin]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const change = (patch: Partial<ProcessOptions>) => void update({ options: { ...saved, ...patch } });
  const preset = customChosen ? CUSTOM : presetFor(saved);

  return (
    <aside className="options" aria-labelledby={titleId}>
      <h2 id={titleId} className="card-title">
        Options
      </h2>
      <p className="muted small">Used for the photos you add next.</p>

      <label className="field">
        <span className="field-label">Size</span>
        <select
          value={preset}
          onChange={(e) => {
            const chosen = SIZE_PRESETS.find((p) => p.id === e.target.value);
            setCustomChosen(!chosen);
            if (chosen) change({ width: chosen.width, height: chosen.height });
          }}
        >
          {SIZE_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
          <option value={CUSTOM}>Custom size…</option>
        </select>
      </label>
      <DocumentPicker />
      {preset === CUSTOM && (
        <div className="field-row">
          <PixelField
            label="Width (px)"
            option="width"
            value={saved.width}
            onCommit={(width) => change({ width })}
          />
          <PixelField
            label="Height (px)"
            option="height"
            value={saved.height}
            onCommit={(height) => change({ height })}
          />
        </div>
      )}

      <BackgroundPicker value={saved.background} onChange={(background) => change({ background })} />

      <label className="field">
        <span className="field-label">
          Space around the face <span className="muted">{Math.round(margin * 100)}%</span>
        </span>
        <input
          type="range"
          min={MARGIN.min}
          max={MARGIN.max}
          step={(MARGIN.max - MARGIN.min) / 20}
          value={margin}
          onChange={(e) => {
            const faceMargin = Number(e.target.value);
            setMargin(faceMargin);
            // Sliders fire on every pixel; remember only where the user settles.
            clearTimeout(timer.current);
            timer.current = setTimeout(() => change({ faceMargin }), 300);
          }}
        />
      </label>

      <ToggleField
        label="Oval mask"
        hint={
          pngFilled
            ? 'Off: with this engine the PNG has the background colour, not transparency'
            : 'Transparent outside an oval in the PNG'
        }
        checked={saved.ovalMask}
        onChange={(ovalMask) => change({ ovalMask })}
      />
      <ToggleField
        label="Enhance the face"
        hint="Sharper detail; a little slower"
        checked={saved.enhance}
        unavailable={enhance?.unavailable}
        notEverywhere={enhance?.notEverywhere}
        testId="enhance-note"
        onChange={(enhance) => change({ enhance })}
      />
      {TABLE_CONTROLLED.map((key) => (
        <TableOption
          key={key}
          option={key}
          value={saved[key]}
          support={support(key)}
          onChange={(value) => change({ [key]: value } as Partial<ProcessOptions>)}
        />
      ))}
    </aside>
  );
}
