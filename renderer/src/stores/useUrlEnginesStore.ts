import { create } from 'zustand';
import type { UrlEngineListing, UrlEngineReport } from '../../../contract/engines.ts';
import { getBridge } from '../lib/bridge.ts';
import { errorMessage } from '../lib/format.ts';

/** The URL engines added in the Engines view (never their keys), and the on-the-spot test of a new one. */
interface UrlEnginesState {
  engines: UrlEngineListing[];
  /** What the last test found, or why it failed (a refused key, TLS, unreachable, plain HTTP to the internet). */
  tested: { url: string; report: UrlEngineReport | null; error: string | null } | null;
  busy: boolean;
  receive(engines: UrlEngineListing[]): void;
  test(url: string, apiKey: string): Promise<void>;
  /** Answers true when the engine passed its test and was added. */
  add(url: string, apiKey: string, concurrency: number | null): Promise<boolean>;
  remove(url: string): Promise<void>;
  clearTest(): void;
}

const keyOrNull = (apiKey: string): string | null => (apiKey.trim() === '' ? null : apiKey.trim());

export const useUrlEnginesStore = create<UrlEnginesState>((set) => ({
  engines: [],
  tested: null,
  busy: false,
  receive: (engines) => set({ engines }),
  test: async (url, apiKey) => {
    set({ busy: true, tested: null });
    try {
      const report = await getBridge().engines.test(url, keyOrNull(apiKey));
      set({ tested: { url, report, error: null } });
    } catch (error) {
      set({ tested: { url, report: null, error: errorMessage(error) } });
    } finally {
      set({ busy: false });
    }
  },
  add: async (url, apiKey, concurrency) => {
    set({ busy: true, tested: null });
    try {
      set({ engines: await getBridge().engines.add(url, keyOrNull(apiKey), concurrency) });
      return true;
    } catch (error) {
      set({ tested: { url, report: null, error: errorMessage(error) } });
      return false;
    } finally {
      set({ busy: false });
    }
  },
  remove: async (url) => {
    set({ engines: await getBridge().engines.remove(url) });
  },
  clearTest: () => set({ tested: null }),
}));
