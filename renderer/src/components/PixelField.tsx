import { useEffect, useState } from 'react';
import { optionRange } from '../../../contract/processOptions.ts';

/** A pixel size the user can type freely; only sensible values are remembered. */
export function PixelField({
  label,
  option,
  value,
  onCommit,
}: {
  label: string;
  /** Whose range (the engine's) the value must be in. */
  option: 'width' | 'height';
  value: number;
  onCommit(px: number): void;
}) {
  const { min: MIN, max: MAX } = optionRange(option);
  const [draft, setDraft] = useState(String(value));
  useEffect(() => setDraft(String(value)), [value]);
  const parsed = Number(draft);
  const valid = Number.isInteger(parsed) && parsed >= MIN && parsed <= MAX;
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        type="number"
        min={MIN}
        max={MAX}
        value={draft}
        aria-invalid={!valid}
        onChange={(e) => {
          setDraft(e.target.value);
          const px = Number(e.target.value);
          if (Number.isInteger(px) && px >= MIN && px <= MAX && px !== value) onCommit(px);
        }}
        onBlur={() => setDraft(String(value))}
      />
    </label>
  );
}
