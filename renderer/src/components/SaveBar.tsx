import { useId, useState } from 'react';
import {
  OUTPUT_FORMAT_NAMES,
  OUTPUT_FORMATS,
  type OutputFormat,
  PNG_WITH_BACKGROUND_LABEL,
} from '../../../contract/processOptions.ts';
import { getBridge } from '../lib/bridge.ts';
import { errorMessage } from '../lib/format.ts';
import { chooseOutputFolder, saveResults } from '../lib/saveResults.ts';
import { useChosenDocument } from '../stores/useChosenDocument.ts';
import { useQueueStore } from '../stores/useQueueStore.ts';
import { useSettingsStore } from '../stores/useSettingsStore.ts';
import { useUiStore } from '../stores/useUiStore.ts';
import { SheetDialog } from './SheetDialog.tsx';

/**
 * Save selected or all to the remembered output folder (asked for once) in the remembered format, and
 * open it; with a document chosen, print a sheet of the selected (or all done) photos.
 */
export function SaveBar({ doneCount }: { doneCount: number }) {
  const outputDir = useSettingsStore((s) => s.settings?.outputDir ?? null);
  const outputFormat = useSettingsStore((s) => s.settings?.outputFormat ?? 'png');
  const updateSettings = useSettingsStore((s) => s.update);
  const formatId = useId();
  const selected = useUiStore((s) => s.selected);
  const notify = useUiStore((s) => s.notify);
  const [saving, setSaving] = useState(false);
  // Say what the PNG really holds: some engines fill it with the background colour.
  const pngFilled = useQueueStore((s) => s.snapshot.items.some((i) => i.result?.pngBackground === 'filled'));
  const doc = useChosenDocument();
  const [printing, setPrinting] = useState(false);

  const save = async (ids: string[] | 'all') => {
    setSaving(true);
    await saveResults(ids);
    setSaving(false);
  };

  return (
    <div className="savebar">
      <div className="savebar-folder">
        <span className="muted small">Save to</span>
        <span className="mono ellipsis" data-testid="output-dir" title={outputDir ?? undefined}>
          {outputDir ?? 'No folder chosen yet'}
        </span>
        <button
          type="button"
          className="button-ghost"
          onClick={() => void chooseOutputFolder().catch((e) => notify(errorMessage(e), 'error'))}
        >
          {outputDir ? 'Change…' : 'Choose folder…'}
        </button>
        {outputDir && (
          <button
            type="button"
            className="button-ghost"
            onClick={() =>
              void getBridge()
                .results.openFolder(outputDir)
                .catch((e) => notify(errorMessage(e), 'error'))
            }
          >
            Open folder
          </button>
        )}
      </div>
      <div className="toolbar">
        <label className="muted small" htmlFor={formatId}>
          Save as
        </label>
        <select
          id={formatId}
          value={outputFormat}
          onChange={(e) => void updateSettings({ outputFormat: e.target.value as OutputFormat })}
        >
          {OUTPUT_FORMAT_NAMES.map((format) => (
            <option key={format} value={format}>
              {format === 'png' && pngFilled ? PNG_WITH_BACKGROUND_LABEL : OUTPUT_FORMATS[format].label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button"
          disabled={saving || selected.length === 0}
          onClick={() => void save(selected)}
        >
          Save selected ({selected.length})
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={saving || doneCount === 0}
          onClick={() => void save('all')}
        >
          Save all
        </button>
        <button
          type="button"
          className="button"
          disabled={!doc || doneCount === 0}
          title={doc ? undefined : 'Choose a document in the options first: a sheet prints at its size.'}
          onClick={() => setPrinting(true)}
        >
          Print sheet…
        </button>
      </div>
      {printing && doc && (
        <SheetDialog
          doc={doc}
          ids={selected.length > 0 ? selected : 'all'}
          count={selected.length > 0 ? selected.length : doneCount}
          onClose={() => setPrinting(false)}
        />
      )}
    </div>
  );
}
