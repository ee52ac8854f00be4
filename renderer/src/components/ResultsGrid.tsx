import { useVirtualizer } from '@tanstack/react-virtual';
import {
  type CSSProperties,
  type DragEvent,
  memo,
  type ReactNode,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { PhotoDocument } from '../../../contract/documentTypes.ts';
import type { RuleStatus } from '../../../contract/documentVerdict.ts';
import type { QueueItem } from '../../../contract/domain.ts';
import { getBridge } from '../lib/bridge.ts';
import { formatDuration } from '../lib/format.ts';
import {
  countDocumentStatuses,
  type DocumentFilter,
  documentStatuses,
  matchesDocumentFilter,
} from '../results/documentFilter.ts';
import {
  countVerdicts,
  type JudgedItem,
  judgeBatch,
  type ResultFilter,
  type ResultSort,
} from '../results/judgeResult.ts';
import { useChosenDocument } from '../stores/useChosenDocument.ts';
import { useQueueStore } from '../stores/useQueueStore.ts';
import { useSettingsStore } from '../stores/useSettingsStore.ts';
import { useUiStore } from '../stores/useUiStore.ts';
import { resultKey, useResultThumbnails } from '../thumbnails/resultThumbnails.ts';
import { VerdictBadge } from './DocumentVerdict.tsx';
import { SaveBar } from './SaveBar.tsx';
import { Thumbnail } from './Thumbnail.tsx';

/** Cards are at least this wide; the grid takes as many columns as fit. */
const MIN_CARD = 160;
const GAP = 12;
/** The name row under each square picture. */
const META_HEIGHT = 44;

function ReasonBadges({ judged }: { judged: JudgedItem }) {
  const { reasons, verdict } = judged.judgement;
  if (reasons.length === 0) return null;
  return (
    <span className="reason-badges">
      {reasons.map((reason) => (
        <span
          key={reason.code}
          className={`badge ${verdict === 'failed' ? 'badge-failed' : 'badge-warn'}`}
          title={reason.detail}
          data-testid="reason-badge"
        >
          {reason.label}
          {/* A failed card shows the whole message beside the badge; the others say it here. */}
          {verdict !== 'failed' && <span className="visually-hidden">: {reason.detail}</span>}
        </span>
      ))}
    </span>
  );
}

function ResultPicture({ item }: { item: QueueItem }) {
  const key = resultKey(item);
  const thumbnail = useResultThumbnails((s) => (key ? s.urls[key] : undefined));
  const failed = useResultThumbnails((s) => (key ? s.failed[key] === true : false));
  if (thumbnail)
    return (
      <div className="thumb thumb-checker">
        <img
          src={thumbnail}
          alt={`Result for ${item.name}`}
          draggable={false}
          data-testid="result-thumbnail"
        />
      </div>
    );
  // Without the main process's thumbnail the page shrinks the PNG itself (its worker).
  if (failed)
    return (
      <Thumbnail id={item.id} kind="result" version={item.finishedAt ?? 0} alt={`Result for ${item.name}`} />
    );
  return (
    <div className="thumb thumb-checker">
      <span className="thumb-loading" aria-hidden="true" />
    </div>
  );
}

function samePlace(
  a: { judged: JudgedItem; place: CardPlace },
  b: { judged: JudgedItem; place: CardPlace },
): boolean {
  return (
    a.judged === b.judged &&
    a.place.x === b.place.x &&
    a.place.y === b.place.y &&
    a.place.width === b.place.width &&
    a.place.height === b.place.height
  );
}

interface CardPlace {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Memoised: while scrolling, cards already on screen do not render again (only their place may change). */
const ResultCard = memo(function ResultCard({ judged, place }: { judged: JudgedItem; place: CardPlace }) {
  const { item } = judged;
  const style: CSSProperties = {
    width: place.width,
    height: place.height,
    transform: `translate(${place.x}px, ${place.y}px)`,
  };
  const selected = useUiStore((s) => s.selected.includes(item.id));
  const toggle = useUiStore((s) => s.toggleSelected);
  const openDetail = useUiStore((s) => s.openDetail);
  const retry = useQueueStore((s) => s.retry);
  const failed = item.state === 'failed';

  // Electron replaces the HTML drag with a native file drag (webContents.startDrag in main).
  const onDragStart = (event: DragEvent<HTMLButtonElement>) => {
    event.preventDefault();
    void getBridge().results.startDrag(item.id);
  };
  return (
    <li
      className={`result-card result-${judged.judgement.verdict} ${selected ? 'result-selected' : ''}`}
      data-testid="result-card"
      data-verdict={judged.judgement.verdict}
      style={style}
    >
      {failed ? (
        <div className="result-failed-body">
          <ReasonBadges judged={judged} />
          <p className="small error-text">{item.error?.message ?? 'Unknown error'}</p>
        </div>
      ) : (
        <button
          type="button"
          className="result-open"
          draggable
          onDragStart={onDragStart}
          onClick={() => openDetail(item.id)}
          aria-label={`Open ${item.name}`}
          title="Open the comparison, or drag the photo out of the window"
        >
          <ResultPicture item={item} />
        </button>
      )}
      {/* Beside the button, not in it: its accessible name stays "Open <name>" (label-in-name). */}
      {!failed && <ReasonBadges judged={judged} />}
      <div className="result-meta">
        <label className="check">
          <input type="checkbox" checked={selected} onChange={() => toggle(item.id)} />
          <span className="visually-hidden">Select {item.name}</span>
        </label>
        {/* The name gets the card's whole width; time and verdict go on the line below it. */}
        <div className="result-text">
          <span className="result-name ellipsis" title={item.path}>
            {item.name}
          </span>
          <span className="result-facts">
            {!failed && item.result && (
              <span className="muted">{formatDuration(item.result.processingMs)}</span>
            )}
            <VerdictBadge item={item} />
          </span>
        </div>
        {failed && (
          <button type="button" className="button-ghost" onClick={() => void retry([item.id])}>
            Retry<span className="visually-hidden"> {item.name}</span>
          </button>
        )}
      </div>
    </li>
  );
}, samePlace);

const FILTERS: { id: ResultFilter; label: string }[] = [
  { id: 'all', label: 'All' },
  { id: 'done', label: 'Done' },
  { id: 'needs-look', label: 'Needs a look' },
  { id: 'failed', label: 'Failed' },
];

const DOCUMENT_FILTERS: { id: DocumentFilter; label: string }[] = [
  { id: 'any', label: 'Any verdict' },
  { id: 'pass', label: 'Passes document' },
  { id: 'check', label: 'To check' },
  { id: 'fail', label: 'Fails document' },
];

/** One row of toggle buttons, one of them pressed: the grid's two filters. */
function Segments<T extends string>({
  legend,
  title,
  testId,
  choices,
  value,
  onChange,
}: {
  legend: string;
  title?: string;
  testId?: string;
  choices: { id: T; label: string }[];
  value: T;
  onChange(id: T): void;
}) {
  return (
    <fieldset className="segmented" data-testid={testId} title={title}>
      <legend className="visually-hidden">{legend}</legend>
      {choices.map((c) => (
        <button
          key={c.id}
          type="button"
          className="segment"
          aria-pressed={value === c.id}
          onClick={() => onChange(c.id)}
        >
          {c.label}
        </button>
      ))}
    </fieldset>
  );
}

/** The chosen document's verdicts as a filter: passes, to check, fails (each with its count). */
function DocumentFilterBar({
  doc,
  statuses,
  filter,
  setFilter,
}: {
  doc: PhotoDocument;
  statuses: ReadonlyMap<string, RuleStatus>;
  filter: DocumentFilter;
  setFilter(f: DocumentFilter): void;
}) {
  const counts = countDocumentStatuses(statuses);
  const name = `${doc.country} ${doc.name}`;
  return (
    <Segments
      legend={`Verdict for ${name}`}
      title={name}
      testId="document-filter"
      choices={DOCUMENT_FILTERS.map((f) => ({
        id: f.id,
        label: f.id === 'any' ? f.label : `${f.label} (${counts[f.id]})`,
      }))}
      value={filter}
      onChange={setFilter}
    />
  );
}

function JudgeBar({
  judged,
  filter,
  setFilter,
  sort,
  setSort,
  documentBar,
}: {
  judged: JudgedItem[];
  filter: ResultFilter;
  setFilter(f: ResultFilter): void;
  sort: ResultSort;
  setSort(s: ResultSort): void;
  documentBar: ReactNode;
}) {
  const counts = countVerdicts(judged);
  const sortId = useId();
  const selected = useUiStore((s) => s.selected);
  const setSelected = useUiStore((s) => s.setSelected);
  const rerun = useQueueStore((s) => s.rerun);
  const options = useSettingsStore((s) => s.settings?.options ?? null);
  const ids = (pick: (j: JudgedItem) => boolean) => judged.filter(pick).map((j) => j.item.id);
  const rerunSelected = async () => {
    if (!options) return;
    const chosen = new Set(selected);
    for (const j of judged) if (chosen.has(j.item.id)) await rerun(j.item.id, options);
    setSelected([]);
  };
  return (
    <div className="judgebar">
      <Segments
        legend="Show"
        choices={FILTERS.map((f) => ({
          id: f.id,
          label: `${f.label} (${f.id === 'all' ? judged.length : counts[f.id]})`,
        }))}
        value={filter}
        onChange={setFilter}
      />
      {documentBar}
      <label className="visually-hidden" htmlFor={sortId}>
        Sort
      </label>
      <select id={sortId} value={sort} onChange={(e) => setSort(e.target.value as ResultSort)}>
        <option value="queue">Queue order</option>
        <option value="verdict">Problems first</option>
        <option value="name">By name</option>
      </select>
      <div className="toolbar judgebar-actions">
        <button
          type="button"
          className="button-ghost"
          onClick={() => setSelected(ids((j) => j.judgement.verdict === 'done'))}
        >
          Select done
        </button>
        <button
          type="button"
          className="button-ghost"
          onClick={() => setSelected(ids((j) => j.judgement.verdict !== 'done'))}
        >
          Select problems
        </button>
        <button
          type="button"
          className="button"
          disabled={selected.length === 0 || !options}
          title="Process the selected photos again with the options on the left"
          onClick={() => void rerunSelected()}
        >
          Re-run selected ({selected.length})
        </button>
      </div>
    </div>
  );
}

/**
 * The finished photos as a grid that fills the room it is given: columns follow its width, and only
 * the rows on screen exist in the DOM (hundreds of results scroll smoothly). Filter and sort by what
 * needs judging; every card says why it failed or deserves a look.
 */
export function ResultsGrid() {
  const items = useQueueStore((s) => s.snapshot.items);
  const [filter, setFilter] = useState<ResultFilter>('all');
  const [sort, setSort] = useState<ResultSort>('queue');
  const doc = useChosenDocument();
  const [documentFilter, setDocumentFilter] = useState<DocumentFilter>('any');
  // Judged once per snapshot, not on every scroll frame (and the same objects let cards skip rendering).
  const all = useMemo(() => judgeBatch(items, 'all', sort), [items, sort]);
  const statuses = useMemo(() => (doc ? documentStatuses(doc, items) : null), [doc, items]);
  const shown = useMemo(
    () =>
      all.filter(
        (j) =>
          (filter === 'all' || j.judgement.verdict === filter) &&
          (!statuses || matchesDocumentFilter(statuses, j.item.id, documentFilter)),
      ),
    [all, filter, statuses, documentFilter],
  );
  const doneCount = all.filter((j) => j.item.state === 'done').length;
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const observerRef = useRef<ResizeObserver | null>(null);
  // jsdom and the first paint have no layout yet: assume a typical width until measured.
  const [width, setWidth] = useState(900);
  // A callback ref: the scrolling element comes and goes with the results.
  const attachScroll = useCallback((element: HTMLDivElement | null) => {
    scrollRef.current = element;
    observerRef.current?.disconnect();
    observerRef.current = null;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry && entry.contentRect.width > 0) setWidth(entry.contentRect.width);
    });
    observer.observe(element);
    observerRef.current = observer;
  }, []);
  const columns = Math.max(1, Math.floor((width + GAP) / (MIN_CARD + GAP)));
  const cardWidth = (width - GAP * (columns - 1)) / columns;
  const rowHeight = cardWidth + META_HEIGHT + GAP;
  const rows = Math.ceil(shown.length / columns);
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 3,
    initialRect: { width: 900, height: 700 },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: rows change height with the window's width
  useEffect(() => {
    virtualizer.measure();
  }, [virtualizer, rowHeight]);

  if (all.length === 0) {
    return (
      <div className="empty-state">
        <p className="empty-title">No results yet</p>
        <p className="muted">Finished portraits appear here as soon as each photo is done.</p>
      </div>
    );
  }
  return (
    <div className="results">
      <SaveBar doneCount={doneCount} />
      <JudgeBar
        judged={all}
        filter={filter}
        setFilter={setFilter}
        sort={sort}
        setSort={setSort}
        documentBar={
          doc &&
          statuses && (
            <DocumentFilterBar
              doc={doc}
              statuses={statuses}
              filter={documentFilter}
              setFilter={setDocumentFilter}
            />
          )
        }
      />
      <div ref={attachScroll} className="results-scroll" data-testid="results-scroll">
        <ul
          className="results-grid"
          aria-label="Results"
          style={{ height: Math.max(0, virtualizer.getTotalSize() - GAP) }}
        >
          {virtualizer.getVirtualItems().flatMap((row) =>
            shown.slice(row.index * columns, row.index * columns + columns).map((judged, column) => (
              <ResultCard
                key={judged.item.id}
                judged={judged}
                place={{
                  x: column * (cardWidth + GAP),
                  y: row.start,
                  width: cardWidth,
                  height: rowHeight - GAP,
                }}
              />
            )),
          )}
        </ul>
        {shown.length === 0 && <p className="muted results-none">No photo matches this filter.</p>}
      </div>
    </div>
  );
}
