import { useEffect, useId, useRef, useState } from 'react';
import type { PhotoDocument } from '../../../contract/documentTypes.ts';
import { SHEET_PAPER_NAMES, SHEET_PAPERS, type SheetPaper } from '../../../contract/printSheet.ts';
import { errorMessage } from '../lib/format.ts';
import { printSheet, sheetNotice } from '../lib/printSheet.ts';
import { useUiStore } from '../stores/useUiStore.ts';
import { RadioChoice } from './RadioChoice.tsx';

/** "Copies of each" as typed: empty means as many as fit; anything else must be a whole number from 1. */
function parseCopies(text: string): number | null | 'invalid' {
  if (text.trim() === '') return null;
  const copies = Number(text);
  return Number.isInteger(copies) && copies >= 1 ? copies : 'invalid';
}

/**
 * Print sheet of the chosen document's photos: the paper, the copies of each (default: as many as fit),
 * then a JPG and a PDF in the output folder, named in a notice with how many copies fit.
 */
export function SheetDialog({
  doc,
  ids,
  count,
  onClose,
}: {
  doc: PhotoDocument;
  ids: string[] | 'all';
  count: number;
  onClose(): void;
}) {
  const notify = useUiStore((s) => s.notify);
  const titleId = useId();
  const copiesId = useId();
  const [paper, setPaper] = useState<SheetPaper>('4x6');
  const [copiesText, setCopiesText] = useState('');
  const [working, setWorking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const copies = parseCopies(copiesText);

  useEffect(() => {
    cancelRef.current?.focus();
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onClose]);

  const make = async () => {
    if (copies === 'invalid') return;
    setWorking(true);
    setProblem(null);
    try {
      const written = await printSheet(ids, paper, copies);
      if (written) {
        notify(sheetNotice(written.files, written.dir), 'info');
        onClose();
      }
    } catch (error) {
      // The dialog stays open: "Only 4 of 8 copies fit…" is answered by changing the paper or copies.
      setProblem(errorMessage(error));
      notify(errorMessage(error), 'error');
    } finally {
      setWorking(false);
    }
  };

  return (
    <div
      className="dialog-backdrop"
      onPointerDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div className="dialog sheet-dialog" role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <div className="dialog-header">
          <h2 id={titleId} className="card-title ellipsis">
            Print sheet
          </h2>
        </div>
        <div className="sheet-dialog-body">
          <p className="muted">
            {count === 1 ? '1 photo' : `${count} photos`} for {doc.country} — {doc.name}, each at the
            document’s size, at 300 dpi with thin cut marks. Saved as JPG and PDF: print at 100 % (no
            scaling).
          </p>
          <fieldset className="choice-group">
            <legend>Paper</legend>
            {SHEET_PAPER_NAMES.map((name) => (
              <RadioChoice<SheetPaper>
                key={name}
                name="sheet-paper"
                value={name}
                current={paper}
                title={SHEET_PAPERS[name].label}
                note={name === '4x6' ? 'Photo paper, as photo kiosks print it' : 'An office printer'}
                onSelect={setPaper}
              />
            ))}
          </fieldset>
          <label className="small" htmlFor={copiesId}>
            Copies of each
          </label>
          <input
            id={copiesId}
            type="number"
            min={1}
            step={1}
            placeholder="As many as fit"
            value={copiesText}
            aria-invalid={copies === 'invalid'}
            onChange={(e) => setCopiesText(e.target.value)}
          />
          {copies === 'invalid' && <p className="error-text">Copies must be a whole number from 1.</p>}
          {problem && (
            <p className="error-text" role="alert">
              {problem}
            </p>
          )}
        </div>
        <div className="dialog-footer toolbar">
          <button ref={cancelRef} type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={working || copies === 'invalid'}
            onClick={() => void make()}
          >
            {working ? 'Making the sheet…' : 'Make sheet'}
          </button>
        </div>
      </div>
    </div>
  );
}
