import { create } from 'zustand';

/** Where the chosen document is remembered in this window (the app's settings know only the options it sets). */
const STORAGE_KEY = 'facecraft.documentId';

function remembered(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

interface DocumentState {
  /** The document photos are framed and judged for; null: none. */
  documentId: string | null;
  choose(id: string | null): void;
}

export const useDocumentStore = create<DocumentState>((set) => ({
  documentId: remembered(),
  choose: (documentId) => {
    try {
      if (documentId) globalThis.localStorage?.setItem(STORAGE_KEY, documentId);
      else globalThis.localStorage?.removeItem(STORAGE_KEY);
    } catch {
      // A window without storage still works; the choice just is not remembered.
    }
    set({ documentId });
  },
}));
