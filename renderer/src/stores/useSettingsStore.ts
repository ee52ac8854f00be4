import { create } from 'zustand';
import type { Settings } from '../../../contract/domain.ts';
import { getBridge } from '../lib/bridge.ts';
import { errorMessage } from '../lib/format.ts';
import { useUiStore } from './useUiStore.ts';

interface SettingsState {
  settings: Settings | null;
  receive(settings: Settings): void;
  /** Persists a change through the main process; the store follows what it answers. */
  update(patch: Partial<Settings>): Promise<void>;
}

export const useSettingsStore = create<SettingsState>((set) => ({
  settings: null,
  receive: (settings) => set({ settings }),
  update: async (patch) => {
    // Optimistic so sliders and pickers feel instant; the answer (or the event) settles it.
    set((s) => (s.settings ? { settings: { ...s.settings, ...patch } } : s));
    try {
      const settings = await getBridge().settings.update(patch);
      set({ settings });
    } catch (error) {
      useUiStore.getState().notify(`Could not save the setting: ${errorMessage(error)}`, 'error');
    }
  },
}));
