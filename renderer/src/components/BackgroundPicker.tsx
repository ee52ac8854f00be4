import { useId } from 'react';
import { hexToRgb, type Rgb, rgbToHex } from '../lib/format.ts';

export const BACKGROUND_SWATCHES: readonly { name: string; hex: string }[] = [
  { name: 'White', hex: '#ffffff' },
  { name: 'Light grey', hex: '#f0f0f0' },
  { name: 'Pale blue', hex: '#dce8f5' },
  { name: 'Passport blue', hex: '#3f6fb5' },
  { name: 'Warm beige', hex: '#efe4d2' },
  { name: 'Charcoal', hex: '#333333' },
];

interface Props {
  value: Rgb;
  onChange(rgb: Rgb): void;
  label?: string;
}

/** Swatches for the usual choices, and the system colour picker for anything else. */
export function BackgroundPicker({ value, onChange, label = 'Background colour' }: Props) {
  const id = useId();
  const current = rgbToHex(value).toLowerCase();
  return (
    <fieldset className="bg-picker">
      <legend>{label}</legend>
      <div className="swatches">
        {BACKGROUND_SWATCHES.map((swatch) => (
          <button
            key={swatch.hex}
            type="button"
            className={`swatch ${current === swatch.hex ? 'swatch-on' : ''}`}
            style={{ background: swatch.hex }}
            aria-label={swatch.name}
            aria-pressed={current === swatch.hex}
            title={swatch.name}
            onClick={() => {
              const rgb = hexToRgb(swatch.hex);
              if (rgb) onChange(rgb);
            }}
          />
        ))}
        <label className="swatch-custom" htmlFor={`${id}-custom`} title="Any colour">
          <input
            id={`${id}-custom`}
            type="color"
            value={current}
            onChange={(e) => {
              const rgb = hexToRgb(e.target.value);
              if (rgb) onChange(rgb);
            }}
          />
          <span className="visually-hidden">Custom colour</span>
        </label>
        <span className="mono small muted">{current}</span>
      </div>
    </fieldset>
  );
}
