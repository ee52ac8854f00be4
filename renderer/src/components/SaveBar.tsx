import { useState } from 'react';
import { getBridge } from '../lib/bridge.ts';
import { errorMessage } from '../lib/format.ts';
import { useSettingsStore } from '../stores/useSettingsStore.ts';
import { useUiStore } from '../stores/useUiStore.ts';

/** Save selected or all to the remembered output folder (asked for once), and open it. */
export function SaveBar({ doneCount }: { doneCount: number }) {
  const outputDir = useSettingsStore((s) => s.settings?.outputDir ?? null);
  const receiveSettings = useSettingsStore((s) => s.receive);
  const selected = useUiStore((s) => s.selected);
  const notify = useUiStore((s) => s.notify);
  const [saving, setSaving] = useState(false);

  const chooseFolder = async (): Promise<string | null> => {
    const bridge = getBridge();
    const dir = await bridge.results.chooseOutputDir();
    if (dir) receiveSettings(await bridge.settings.get());
    return dir;
  };

  const save = async (ids: string[] | 'all') => {
    setSaving(true);
    try {
      const dir = outputDir ?? (await chooseFolder());
      if (!dir) return;
      const result = await getBridge().results.save(ids, dir);
      const files = result.saved.length;
      const failures = result.failed.map((f) => f.error.message);
      notify(
        failures.length === 0
          ? `Saved ${files} ${files === 1 ? 'photo' : 'photos'} to ${result.dir}`
          : `Saved ${files}; ${failures.length} could not be saved: ${failures[0]}`,
        failures.length === 0 ? 'info' : 'error',
      );
    } catch (error) {
      notify(`Could not save: ${errorMessage(error)}`, 'error');
    } finally {
      setSaving(false);
    }
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
          onClick={() => void chooseFolder().catch((e) => notify(errorMessage(e), 'error'))}
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
      </div>
    </div>
  );
}
