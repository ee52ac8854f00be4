/**
 * The user's settings, persisted as JSON in the data folder. A file that cannot be parsed is kept
 * as settings.json.bak (so nothing the user had is destroyed) and the defaults are used.
 */
import { copyFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Settings } from '../../../contract/domain.ts';
import { writeFileAtomic } from '../files/atomicWrite.ts';
import { Listeners } from '../listeners.ts';
import { defaultSettings } from './defaultSettings.ts';
import { applySettingsPatch, normalizeSettings } from './validateSettings.ts';

export const SETTINGS_FILE = 'settings.json';

export interface SettingsLoadReport {
  /** Set when the file was unreadable JSON and was moved aside. */
  backupPath: string | null;
}

export class SettingsStore {
  readonly filePath: string;
  readonly loadReport: SettingsLoadReport;
  #settings: Settings;
  readonly #changeListeners = new Listeners<Settings>();
  #writes: Promise<void> = Promise.resolve();

  private constructor(filePath: string, settings: Settings, loadReport: SettingsLoadReport) {
    this.filePath = filePath;
    this.loadReport = loadReport;
    this.#settings = settings;
  }

  static async open(dataDir: string): Promise<SettingsStore> {
    const filePath = path.join(dataDir, SETTINGS_FILE);
    const report: SettingsLoadReport = { backupPath: null };
    let settings = defaultSettings();
    let raw: string | null = null;
    try {
      raw = await readFile(filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (raw !== null) {
      try {
        settings = normalizeSettings(JSON.parse(raw));
      } catch {
        report.backupPath = `${filePath}.bak`;
        await copyFile(filePath, report.backupPath);
        settings = defaultSettings();
        await writeFileAtomic(filePath, serialize(settings));
      }
    }
    return new SettingsStore(filePath, settings, report);
  }

  get(): Settings {
    return structuredClone(this.#settings);
  }

  /** Validates, saves and announces the change; answers the settings now in force. */
  async update(patch: Partial<Settings>): Promise<Settings> {
    const next = applySettingsPatch(this.#settings, patch);
    this.#settings = next;
    const snapshot = structuredClone(next);
    // Writes are chained so an older patch can never land after a newer one.
    this.#writes = this.#writes
      .catch(() => undefined)
      .then(() => writeFileAtomic(this.filePath, serialize(snapshot)));
    await this.#writes;
    this.#changeListeners.emit(this.get());
    return this.get();
  }

  onChange(listener: (settings: Settings) => void): () => void {
    return this.#changeListeners.on(listener);
  }
}

function serialize(settings: Settings): string {
  return `${JSON.stringify(settings, null, 2)}\n`;
}
