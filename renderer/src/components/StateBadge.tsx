import type { QueueItemState } from '../../../contract/domain.ts';

const LABELS: Record<QueueItemState, string> = {
  queued: 'Waiting',
  uploading: 'Sending',
  processing: 'Processing',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function StateBadge({ state }: { state: QueueItemState }) {
  return <span className={`badge badge-${state}`}>{LABELS[state]}</span>;
}
