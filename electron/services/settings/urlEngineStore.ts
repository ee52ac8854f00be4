/**
 * The URL engines the user added, persisted in the data folder beside settings.json. Kept apart from
 * the settings the app receives, because each carries its API key: the file is readable by its owner
 * only, and what leaves this module for the app or a log (listing()) says only whether there is a key.
 */
import { chmod, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { UrlEngineListing, UrlEngineSetting } from '../../../contract/engines.ts';
import { writeFileAtomic } from '../files/atomicWrite.ts';
import { Listeners } from '../listeners.ts';
import { checkUrlEngineSetting, normalizeUrlEngines } from './validateUrlEngines.ts';

export const URL_ENGINES_FILE = 'urlEngines.json';

/** Readable and writable by the user alone: the file holds API keys. */
const OWNER_ONLY = 0o600;

export function withoutKey(setting: UrlEngineSetting): UrlEngineListing {
  return { url: setting.url, hasKey: setting.apiKey !== null, concurrency: setting.concurrency };
}

export class UrlEngineStore {
  readonly filePath: string;
  #engines: UrlEngineSetting[];
  readonly #changeListeners = new Listeners<UrlEngineSetting[]>();
  #writes: Promise<void> = Promise.resolve();

  private constructor(filePath: string, engines: UrlEngineSetting[]) {
    this.filePath = filePath;
    this.#engines = engines;
  }

  static async open(dataDir: string): Promise<UrlEngineStore> {
    const filePath = path.join(dataDir, URL_ENGINES_FILE);
    let engines: UrlEngineSetting[] = [];
    try {
      engines = normalizeUrlEngines(JSON.parse(await readFile(filePath, 'utf8')));
    } catch (error) {
      // Missing: none yet. Unparseable: start empty; the next save replaces it.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !(error instanceof SyntaxError)) throw error;
    }
    return new UrlEngineStore(filePath, engines);
  }

  /** With keys: for the queue and the probe in the main process only. */
  engines(): UrlEngineSetting[] {
    return structuredClone(this.#engines);
  }

  listing(): UrlEngineListing[] {
    return this.#engines.map(withoutKey);
  }

  /** Adds an engine, or replaces the one at the same address; answers it without its key. */
  async add(value: unknown): Promise<UrlEngineListing> {
    const setting = checkUrlEngineSetting(value);
    await this.#save([...this.#engines.filter((e) => e.url !== setting.url), setting]);
    return withoutKey(setting);
  }

  async remove(url: string): Promise<void> {
    await this.#save(this.#engines.filter((e) => e.url !== url));
  }

  onChange(listener: (engines: UrlEngineSetting[]) => void): () => void {
    return this.#changeListeners.on(listener);
  }

  async #save(next: UrlEngineSetting[]): Promise<void> {
    this.#engines = next;
    const text = `${JSON.stringify(next, null, 2)}\n`;
    // Chained so an older change can never land after a newer one.
    this.#writes = this.#writes
      .catch(() => undefined)
      .then(async () => {
        await writeFileAtomic(this.filePath, text, OWNER_ONLY);
        // A file from before (or a umask that widened it) is narrowed too.
        await chmod(this.filePath, OWNER_ONLY);
      });
    await this.#writes;
    this.#changeListeners.emit(this.engines());
  }
}
