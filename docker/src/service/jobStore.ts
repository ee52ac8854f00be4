/**
 * Processed results on disk under FACECRAFT_OUTPUT_DIR: one folder per job, `<name>.png` and
 * `<name>.jpg` inside. A single-image job stores its result under the name `result`; a batch job
 * stores each item under a safe, unique form of its file's stem, which is also the `{name}` of
 * its download URL, so every URL handed out maps to exactly one file.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export type ResultFormat = 'png' | 'jpg';
export const SINGLE_RESULT_NAME = 'result';

const ID_PATTERN = /^[a-f0-9]{8}$/;
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function newJobId(): string {
  return randomBytes(4).toString('hex');
}

export function isJobId(value: string): boolean {
  return ID_PATTERN.test(value);
}

export function isResultName(value: string): boolean {
  return NAME_PATTERN.test(value) && !value.includes('..');
}

/** A file-system and URL safe name from an uploaded file name, unique among `taken`. */
export function resultNameFor(filename: string, taken: Set<string>): string {
  const stem = path.basename(filename).replace(/\.[^.]*$/, '');
  let base = stem
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._-]+/, '')
    .replace(/\.{2,}/g, '.')
    .slice(0, 90);
  if (base === '') base = 'image';
  let name = base;
  for (let n = 2; taken.has(name); n += 1) name = `${base}-${n}`;
  taken.add(name);
  return name;
}

export class JobStore {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  async init(): Promise<void> {
    await mkdir(this.root, { recursive: true });
  }

  #file(jobId: string, name: string, format: ResultFormat): string {
    if (!isJobId(jobId) || !isResultName(name)) throw new Error(`Unsafe job path ${jobId}/${name}.`);
    return path.join(this.root, jobId, `${name}.${format}`);
  }

  async save(jobId: string, name: string, files: { png: Buffer; jpg: Buffer | null }): Promise<void> {
    await mkdir(path.join(this.root, jobId), { recursive: true });
    await writeFile(this.#file(jobId, name, 'png'), files.png);
    if (files.jpg) await writeFile(this.#file(jobId, name, 'jpg'), files.jpg);
  }

  /** The stored bytes, or null when the job, the name or the format does not exist (any more). */
  async read(jobId: string, name: string, format: ResultFormat): Promise<Buffer | null> {
    if (!isJobId(jobId) || !isResultName(name)) return null;
    try {
      return await readFile(this.#file(jobId, name, format));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /** Deletes a job's folder; false when there was none. */
  async delete(jobId: string): Promise<boolean> {
    if (!isJobId(jobId)) return false;
    const dir = path.join(this.root, jobId);
    try {
      await rm(dir, { recursive: true });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }
}
