import { useId } from 'react';

/**
 * A labelled checkbox with a one-line hint: the options' on/off controls. An option no engine taking
 * photos can honour is shown unavailable: off, disabled, and the reason in place of the hint; one that
 * some engines ignore keeps its toggle and says which below the hint.
 */
export function ToggleField({
  label,
  hint,
  checked,
  onChange,
  unavailable = null,
  notEverywhere = null,
  testId,
}: {
  label: string;
  hint: string;
  checked: boolean;
  onChange(checked: boolean): void;
  /** Why the engine serving now cannot honour it: the toggle is off and disabled, the reason shown. */
  unavailable?: string | null;
  /** Which engines taking photos ignore it, and why (optionSupport in contract/engines.ts). */
  notEverywhere?: string | null;
  testId?: string;
}) {
  const hintId = useId();
  return (
    <label className={`toggle ${unavailable ? 'toggle-unavailable' : ''}`}>
      <input
        type="checkbox"
        checked={checked && !unavailable}
        disabled={unavailable !== null}
        aria-describedby={hintId}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span>
        {label}
        <span id={hintId} className="muted small block" data-testid={testId}>
          {unavailable ?? hint}
          {!unavailable && notEverywhere && <span className="block">{notEverywhere}</span>}
        </span>
      </span>
    </label>
  );
}
