import type { ReactNode } from 'react';

/** One option of a choice group: a radio with a title and a note, marked when selected or disabled. */
export function RadioChoice<T extends string>({
  name,
  value,
  current,
  title,
  note,
  disabled = false,
  noteId,
  noteTestId,
  onSelect,
}: {
  name: string;
  value: T;
  current: T;
  title: ReactNode;
  note: ReactNode;
  disabled?: boolean;
  /** Makes the note the radio's description (read out with it). */
  noteId?: string;
  noteTestId?: string;
  onSelect(value: T): void;
}) {
  const classes = ['choice', current === value ? 'choice-selected' : '', disabled ? 'choice-disabled' : ''];
  return (
    <label className={classes.filter(Boolean).join(' ')}>
      <input
        type="radio"
        name={name}
        value={value}
        checked={current === value}
        disabled={disabled}
        onChange={() => onSelect(value)}
        aria-describedby={noteId}
      />
      <span className="choice-text">
        <span className="choice-title">{title}</span>
        <span id={noteId} className="choice-note" data-testid={noteTestId}>
          {note}
        </span>
      </span>
    </label>
  );
}
