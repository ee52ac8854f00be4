import { useEffect, useId, useRef, useState } from 'react';
import type { QueueItem } from '../../../contract/domain.ts';
import { formatDuration, type Rgb, rgbToHex } from '../lib/format.ts';
import { saveResults } from '../lib/saveResults.ts';
import { useQueueStore } from '../stores/useQueueStore.ts';
import { useUiStore } from '../stores/useUiStore.ts';
import { useImageData } from '../thumbnails/useImageData.ts';
import { BackgroundPicker } from './BackgroundPicker.tsx';
import { CompareSlider } from './CompareSlider.tsx';
import { VerdictOverlay, VerdictPanel } from './DocumentVerdict.tsx';
import { StateBadge } from './StateBadge.tsx';

function deviceLabel(device: 'cpu' | 'cuda'): string {
  return device === 'cuda' ? 'GPU (CUDA)' : 'CPU';
}

function Detail({ item, siblings }: { item: QueueItem; siblings: QueueItem[] }) {
  const openDetail = useUiStore((s) => s.openDetail);
  const rerun = useQueueStore((s) => s.rerun);
  const [background, setBackground] = useState<Rgb>(item.options.background);
  const closeRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const version = item.finishedAt ?? item.state;
  const before = useImageData(item.id, 'original', 0);
  const after = useImageData(item.id, 'result', version);
  const index = siblings.findIndex((s) => s.id === item.id);
  const previous = index > 0 ? siblings[index - 1] : undefined;
  const next = index >= 0 && index < siblings.length - 1 ? siblings[index + 1] : undefined;

  useEffect(() => {
    closeRef.current?.focus();
  }, []);
  // Escape closes from anywhere: after "Run again" disables itself, focus falls back to the page body,
  // where a handler on the dialog element would never hear the key.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') openDetail(null);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [openDetail]);
  useEffect(() => {
    setBackground(item.options.background);
  }, [item.options.background]);

  const result = item.result;
  const working = item.state !== 'done' && item.state !== 'failed' && item.state !== 'cancelled';
  const changed = rgbToHex(background) !== rgbToHex(item.options.background);

  return (
    <div className="dialog" role="dialog" aria-modal="true" aria-labelledby={titleId}>
      <div className="dialog-header">
        <h2 id={titleId} className="card-title ellipsis">
          {item.name}
        </h2>
        <StateBadge state={item.state} />
        <div className="toolbar">
          <button
            type="button"
            className="button-ghost"
            disabled={!previous}
            onClick={() => previous && openDetail(previous.id)}
          >
            ‹ Previous
          </button>
          <button
            type="button"
            className="button-ghost"
            disabled={!next}
            onClick={() => next && openDetail(next.id)}
          >
            Next ›
          </button>
          <button ref={closeRef} type="button" className="button" onClick={() => openDetail(null)}>
            Close
          </button>
        </div>
      </div>
      <div className="dialog-body">
        <div className="compare-wrap">
          {before && after && result && !working ? (
            <CompareSlider
              beforeSrc={before}
              afterSrc={after}
              result={result}
              faceMargin={item.options.faceMargin}
              label={item.name}
            />
          ) : (
            <div className="compare compare-loading">
              <span className="spinner" aria-hidden="true" />
              <span>{working ? 'Processing again…' : 'Loading the pictures…'}</span>
            </div>
          )}
        </div>
        <aside className="detail-side">
          {result && (
            <dl className="facts">
              <dt>Time taken</dt>
              <dd data-testid="detail-time">{formatDuration(result.processingMs)}</dd>
              <dt>Processed on</dt>
              <dd data-testid="detail-device">{deviceLabel(result.device)}</dd>
              {result.engine && (
                <>
                  <dt>Made by</dt>
                  <dd data-testid="detail-engine">{result.engine.label}</dd>
                </>
              )}
              <dt>Output</dt>
              <dd>
                {result.outputSize.width} × {result.outputSize.height} px
              </dd>
              <dt>Face found</dt>
              <dd>
                {result.face
                  ? `at ${Math.round(result.face.x)}, ${Math.round(result.face.y)} (${Math.round(result.face.width)} × ${Math.round(result.face.height)} px)`
                  : 'none'}
                {result.faceCount > 1 ? ` · ${result.faceCount} faces, the largest used` : ''}
              </dd>
              {result.pngBackground === 'filled' && (
                <>
                  <dt>PNG</dt>
                  <dd data-testid="detail-png-filled">
                    Has the background colour, not transparency: this engine makes no transparent PNG without
                    the oval.
                  </dd>
                </>
              )}
            </dl>
          )}
          {item.error && <p className="error-text">{item.error.message}</p>}
          <VerdictOverlay item={item} src={after} />
          <VerdictPanel item={item} />
          <BackgroundPicker value={background} onChange={setBackground} label="Background for this photo" />
          <button
            type="button"
            className="button button-primary"
            disabled={!changed || working}
            onClick={() => void rerun(item.id, { ...item.options, background })}
          >
            Run again with this background
          </button>
          <button
            type="button"
            className="button"
            disabled={item.state !== 'done'}
            onClick={() => void saveResults([item.id])}
          >
            Save this photo
          </button>
        </aside>
      </div>
    </div>
  );
}

export function ResultDetail() {
  const detailId = useUiStore((s) => s.detailId);
  const openDetail = useUiStore((s) => s.openDetail);
  const items = useQueueStore((s) => s.snapshot.items);
  if (!detailId) return null;
  const item = items.find((i) => i.id === detailId);
  if (!item) return null;
  const siblings = items.filter((i) => i.state === 'done' || i.id === detailId);
  return (
    <div
      className="dialog-backdrop"
      onPointerDown={(e) => {
        if (e.target === e.currentTarget) openDetail(null);
      }}
    >
      <Detail key={item.id} item={item} siblings={siblings} />
    </div>
  );
}
