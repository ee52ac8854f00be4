import { useSettingsStore } from '../stores/useSettingsStore.ts';
import { useUiStore } from '../stores/useUiStore.ts';
import { getBridge } from './bridge.ts';
import { errorMessage } from './format.ts';

/** Asks for the output folder (remembered by the main process), answering it or null when cancelled. */
export async function chooseOutputFolder(): Promise<string | null> {
  const bridge = getBridge();
  const dir = await bridge.results.chooseOutputDir();
  if (dir) useSettingsStore.getState().receive(await bridge.settings.get());
  return dir;
}

/** Saves results to the remembered folder, asking for one the first time; tells the user what happened. */
export async function saveResults(ids: string[] | 'all'): Promise<void> {
  const notify = useUiStore.getState().notify;
  try {
    const dir = useSettingsStore.getState().settings?.outputDir ?? (await chooseOutputFolder());
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
  }
}
