import { useEffect, useRef, useState } from 'react';
import type { OptionSupport } from '../../../contract/engines.ts';
import {
  optionFieldSpec,
  optionSpec,
  type ProcessOptionKey,
  type ProcessOptions,
} from '../../../contract/processOptions.ts';
import { ToggleField } from './ToggleField.tsx';

/** Sliders fire on every pixel; remember only where the user settles. */
const SETTLE_MS = 300;

/**
 * The control the option table asks for (`control` in contract/processOptions.ts), drawn from the
 * engine's field: a toggle for a boolean, a slider over its range for a number, its sentence as the hint.
 */
export function TableOption({
  option,
  value,
  onChange,
  support = { unavailable: null, notEverywhere: null },
}: {
  option: ProcessOptionKey;
  value: ProcessOptions[ProcessOptionKey];
  onChange(value: number | boolean): void;
  /** What the engines taking photos make of it (contract/engines.ts optionSupport). */
  support?: OptionSupport;
}) {
  const spec = optionFieldSpec(option);
  const [draft, setDraft] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => setDraft(value), [value]);
  useEffect(() => () => clearTimeout(timer.current), []);
  if (!spec) return null;
  const label = optionSpec(option).label.replace(/^The /, '');
  const name = label.charAt(0).toUpperCase() + label.slice(1);
  if (spec.kind === 'bool') {
    return (
      <ToggleField
        label={name}
        hint={spec.description}
        checked={draft === true}
        unavailable={support.unavailable}
        notEverywhere={support.notEverywhere}
        testId={`${option}-note`}
        onChange={onChange}
      />
    );
  }
  const step = spec.kind === 'int' ? 1 : (spec.max - spec.min) / 20;
  return (
    <label className="field">
      <span className="field-label">
        {name} <span className="muted">{String(draft)}</span>
      </span>
      <input
        type="range"
        min={spec.min}
        max={spec.max}
        step={step}
        value={Number(draft)}
        title={spec.description}
        disabled={support.unavailable !== null}
        onChange={(e) => {
          const next = Number(e.target.value);
          setDraft(next);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => onChange(next), SETTLE_MS);
        }}
      />
      {(support.unavailable ?? support.notEverywhere) && (
        <span className="muted small block" data-testid={`${option}-note`}>
          {support.unavailable ?? support.notEverywhere}
        </span>
      )}
    </label>
  );
}
