import type { ImageProgress } from '../../../contract/domain.ts';
import { formatBytes, formatEta } from '../lib/format.ts';
import { ProgressBar } from './ProgressBar.tsx';

const PHASES: Record<ImageProgress['phase'], string> = {
  idle: 'Waiting',
  resolving: 'Looking up the image',
  downloading: 'Downloading the engine',
  extracting: 'Unpacking the engine',
  building: 'Building the engine',
  done: 'Engine image ready',
  failed: 'Preparing the engine failed',
  cancelled: 'Cancelled',
};

export function isPreparing(progress: ImageProgress | null): boolean {
  return progress !== null && ['resolving', 'downloading', 'extracting', 'building'].includes(progress.phase);
}

/** Pull or build progress: phase, bytes (or steps), ETA, the last line, and Cancel. */
export function ImageProgressPanel({ progress, onCancel }: { progress: ImageProgress; onCancel(): void }) {
  const fraction = progress.totalBytes > 0 ? progress.currentBytes / progress.totalBytes : null;
  const amount =
    progress.kind === 'pull'
      ? progress.totalBytes > 0
        ? `${formatBytes(progress.currentBytes)} of ${formatBytes(progress.totalBytes)}`
        : null
      : progress.step
        ? `Step ${progress.step.n} of ${progress.step.m}`
        : null;
  const eta = formatEta(progress.etaSeconds);
  return (
    <div className="image-progress" aria-live="polite">
      <div className="row-between">
        <strong>{PHASES[progress.phase]}</strong>
        <span className="muted small">{[amount, eta].filter(Boolean).join(' · ')}</span>
      </div>
      {progress.note && <p data-testid="image-progress-note">{progress.note}</p>}
      <ProgressBar value={fraction} label={PHASES[progress.phase]} />
      {progress.message && <p className="muted small ellipsis">{progress.message}</p>}
      {progress.error && <p className="error-text">{progress.error.message}</p>}
      {isPreparing(progress) && (
        <button type="button" className="button-ghost" onClick={onCancel}>
          Cancel
        </button>
      )}
    </div>
  );
}
