import { findDocument } from '../../../contract/documentGeometry.ts';
import type { PhotoDocument } from '../../../contract/documentTypes.ts';
import { useSettingsStore } from './useSettingsStore.ts';

/**
 * The document photos are framed and judged for: the settings' documentId (kept by the main process,
 * changed with useSettingsStore's update through the bridge); null when none is chosen.
 */
export function useChosenDocument(): PhotoDocument | null {
  const documentId = useSettingsStore((s) => s.settings?.documentId ?? null);
  return documentId ? findDocument(documentId) : null;
}
