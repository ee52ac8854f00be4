import { useQueueStore } from '../stores/useQueueStore.ts';
import { useUiStore } from '../stores/useUiStore.ts';
import { getBridge } from './bridge.ts';

/** Dropped files and folders go to the queue by their paths on disk; those without one are reported. */
export function addDroppedFiles(files: File[]): void {
  const bridge = getBridge();
  const paths = files.map((file) => bridge.pathForFile(file)).filter((p) => p !== '');
  if (paths.length < files.length) {
    useUiStore
      .getState()
      .notify(`${files.length - paths.length} dropped item(s) could not be read from disk.`, 'error');
  }
  void useQueueStore.getState().add(paths);
}
