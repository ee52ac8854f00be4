import { type DragEvent, useState } from 'react';
import { getBridge } from '../lib/bridge.ts';
import { addDroppedFiles } from '../lib/droppedFiles.ts';
import { errorMessage } from '../lib/format.ts';
import { useQueueStore } from '../stores/useQueueStore.ts';
import { useUiStore } from '../stores/useUiStore.ts';

/** Photos and whole folders, dropped or picked; the main process walks folders and skips non-images. */
export function DropZone({ compact }: { compact: boolean }) {
  const [over, setOver] = useState(false);
  const add = useQueueStore((s) => s.add);
  const notify = useUiStore((s) => s.notify);

  const onDrop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setOver(false);
    addDroppedFiles(Array.from(event.dataTransfer.files));
  };

  const pick = async () => {
    try {
      await add(await getBridge().dialogs.pickPhotos());
    } catch (error) {
      notify(`Could not open the file picker: ${errorMessage(error)}`, 'error');
    }
  };

  return (
    <section
      className={`dropzone ${over ? 'dropzone-over' : ''} ${compact ? 'dropzone-compact' : ''}`}
      aria-label="Add photos"
      title={compact ? 'Drop photos or folders here, or anywhere on the window' : undefined}
      data-testid="dropzone"
      onDragEnter={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={onDrop}
    >
      <svg className="dropzone-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path
          d="M12 16V4m0 0-4 4m4-4 4 4M4 16v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      <div className="dropzone-text">
        <strong>Drop photos or folders here</strong>
        {!compact && <span className="muted">JPEG, PNG, WebP and BMP. Folders are searched for photos.</span>}
      </div>
      <button type="button" className="button" onClick={() => void pick()}>
        Choose photos…
      </button>
    </section>
  );
}
