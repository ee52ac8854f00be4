import { useId } from 'react';

/**
 * A labelled checkbox with a one-line hint: the options' on/off controls. An option the engine cannot
 * honour is shown unavailable: off, disabled, and the reason in place of the hint.
 */
export function ToggleField({
  label,
  hint,
  checked,
  onChange,
  unavailable,
  hintTestId,
}: {
  label: string;
  hint: string;
  checked: boolean;
  onChange(checked: boolean): void;
  /** Why the running engine cannot honour this option; absent when it can. */
  unavailable?: string | undefined;
  hintTestId?: string;
}) {
  const hintId = useId();
  return (
    <label className={`toggle ${unavailable ? 'toggle-unavailable' : ''}`}>
      <input
        type="checkbox"
        checked={checked && !unavailable}
        disabled={Boolean(unavailable)}
        aria-describedby={hintId}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span>
        {label}
        <span id={hintId} className="muted small block" data-testid={hintTestId}>
          {unavailable ?? hint}
        </span>
      </span>
    </label>
  );
}
