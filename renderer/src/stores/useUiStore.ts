import { create } from 'zustand';

export type MainTab = 'queue' | 'results';

export interface Notice {
  id: number;
  tone: 'info' | 'error';
  text: string;
}

interface UiState {
  tab: MainTab;
  /** Result ids ticked for "Save selected". */
  selected: string[];
  /** The result open in the compare view. */
  detailId: string | null;
  logsOpen: boolean;
  enginesOpen: boolean;
  /** With engines on other computers, the photos show at once; this asks for this computer's setup instead. */
  localSetupOpen: boolean;
  notice: Notice | null;
  setTab(tab: MainTab): void;
  toggleSelected(id: string): void;
  setSelected(ids: string[]): void;
  openDetail(id: string | null): void;
  setLogsOpen(open: boolean): void;
  setEnginesOpen(open: boolean): void;
  setLocalSetupOpen(open: boolean): void;
  notify(text: string, tone?: Notice['tone']): void;
  dismissNotice(): void;
}

let noticeCounter = 0;

export const useUiStore = create<UiState>((set) => ({
  tab: 'queue',
  selected: [],
  detailId: null,
  logsOpen: false,
  enginesOpen: false,
  localSetupOpen: false,
  notice: null,
  setTab: (tab) => set({ tab }),
  toggleSelected: (id) =>
    set((s) => ({
      selected: s.selected.includes(id) ? s.selected.filter((x) => x !== id) : [...s.selected, id],
    })),
  setSelected: (ids) => set({ selected: ids }),
  openDetail: (id) => set({ detailId: id }),
  setLogsOpen: (open) => set({ logsOpen: open }),
  setEnginesOpen: (open) => set({ enginesOpen: open }),
  setLocalSetupOpen: (open) => set({ localSetupOpen: open }),
  notify: (text, tone = 'info') => {
    noticeCounter += 1;
    set({ notice: { id: noticeCounter, tone, text } });
  },
  dismissNotice: () => set({ notice: null }),
}));
