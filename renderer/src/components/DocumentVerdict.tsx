import { overlayGuides, overlaySvg } from '../../../contract/documentOverlay.ts';
import type { DocumentVerdict, RuleStatus } from '../../../contract/documentVerdict.ts';
import type { QueueItem } from '../../../contract/domain.ts';
import { queueItemVerdict } from '../../../contract/queueItemVerdict.ts';
import { useChosenDocument } from '../stores/useChosenDocument.ts';

const STATUS_LABEL: Record<RuleStatus, string> = { pass: 'Passes', check: 'Check', fail: 'Fails' };

/** The chosen document and a done item's verdict for it; null without either. */
export function useItemVerdict(item: QueueItem): { name: string; verdict: DocumentVerdict } | null {
  const doc = useChosenDocument();
  if (!doc || item.state !== 'done') return null;
  const verdict = queueItemVerdict(doc, item);
  return verdict ? { name: `${doc.country} ${doc.name}`, verdict } : null;
}

/** One word on the result card: passes / check / fails for the chosen document. */
export function VerdictBadge({ item }: { item: QueueItem }) {
  const judged = useItemVerdict(item);
  if (!judged) return null;
  const { verdict, name } = judged;
  return (
    <span className={`badge verdict-${verdict.overall}`} data-testid="verdict-badge" title={name}>
      {STATUS_LABEL[verdict.overall]}
    </span>
  );
}

/** Every rule with the measured value, the allowed range and what to do, plus what to check yourself. */
export function VerdictPanel({ item }: { item: QueueItem }) {
  const judged = useItemVerdict(item);
  if (!judged) return null;
  const { verdict, name } = judged;
  return (
    <section className="verdict" data-testid="verdict-panel" aria-label={`Verdict for ${name}`}>
      <h3 className="small">
        <span className={`badge verdict-${verdict.overall}`}>{STATUS_LABEL[verdict.overall]}</span> {name}
      </h3>
      {verdict.unmeasuredReason && <p className="small warn-text">{verdict.unmeasuredReason}</p>}
      <ul className="verdict-rules">
        {verdict.rules.map((rule) => (
          <li key={rule.id} className={`verdict-rule verdict-rule-${rule.status}`}>
            <strong>{rule.label}</strong> <span className="muted">{rule.measured ?? 'not measured'}</span>{' '}
            <span className="muted">(allowed: {rule.allowed})</span>
            {rule.status !== 'pass' && <span className="block small">{rule.advice}</span>}
          </li>
        ))}
      </ul>
      {verdict.manual.length > 0 && (
        <>
          <h4 className="small">Check yourself</h4>
          <ul className="verdict-manual small">
            {verdict.manual.map((rule) => (
              <li key={rule.id}>{rule.text}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** The result with the crown, chin and eye lines and the allowed bands drawn over it. */
export function VerdictOverlay({ item, src }: { item: QueueItem; src: string | null }) {
  const judged = useItemVerdict(item);
  const doc = useChosenDocument();
  const m = item.result?.measurements;
  if (!judged || !doc || !m || !item.result || !src) return null;
  const size = item.result.outputSize;
  const svg = overlaySvg(overlayGuides(doc, m, size), size, judged.verdict.overall);
  return (
    <figure
      className="verdict-overlay"
      data-testid="verdict-overlay"
      style={{ aspectRatio: `${size.width} / ${size.height}` }}
    >
      <img src={src} alt={`Result for ${item.name}`} />
      <img
        src={`data:image/svg+xml,${encodeURIComponent(svg)}`}
        alt="Crown, chin and eye lines with the allowed bands"
      />
    </figure>
  );
}
