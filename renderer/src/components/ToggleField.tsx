/** A labelled checkbox with a one-line hint: the options' on/off controls. */
export function ToggleField({
  label,
  hint,
  checked,
  onChange,
  unavailable = null,
  testId,
}: {
  label: string;
  hint: string;
  checked: boolean;
  onChange(checked: boolean): void;
  /** Why the engine serving now cannot honour it: the toggle is off and disabled, the reason shown. */
  unavailable?: string | null;
  testId?: string;
}) {
  return (
    <label className={`toggle ${unavailable ? 'toggle-unavailable' : ''}`}>
      <input
        type="checkbox"
        checked={checked && !unavailable}
        disabled={unavailable !== null}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span>
        {label}
        <span className="muted small block" data-testid={testId}>
          {unavailable ?? hint}
        </span>
      </span>
    </label>
  );
}
