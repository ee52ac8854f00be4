/**
 * Checks a model file against its sha256. Hashing ~190 MB takes about a second here, so a verified file
 * is recorded in `<dir>/.verified.json` (size, mtime, sha256) and rehashed only when it changed: engine
 * start stays fast while a swapped or truncated file is still caught.
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileSha256 } from './fileSha256.ts';
import { ModelFileError } from './modelFileError.ts';

interface VerifiedEntry {
  size: number;
  mtimeMs: number;
  sha256: string;
}

type VerifiedRecord = Record<string, VerifiedEntry>;

function recordPath(filePath: string): string {
  return path.join(path.dirname(filePath), '.verified.json');
}

function readRecord(filePath: string): VerifiedRecord {
  try {
    return JSON.parse(readFileSync(recordPath(filePath), 'utf8')) as VerifiedRecord;
  } catch {
    return {};
  }
}

/** true when the file matches a previous verification (same size and mtime, same expected sha256). */
export function isRecordedAsVerified(filePath: string, expectedSha256: string): boolean {
  if (!existsSync(filePath)) return false;
  const stat = statSync(filePath);
  const entry = readRecord(filePath)[path.basename(filePath)];
  return entry?.sha256 === expectedSha256 && entry.size === stat.size && entry.mtimeMs === stat.mtimeMs;
}

/** Removes a model file and its entry in the record (an image's record lists only what it carries). */
export function removeModelFile(filePath: string): void {
  rmSync(filePath, { force: true });
  const record = readRecord(filePath);
  if (!(path.basename(filePath) in record)) return;
  delete record[path.basename(filePath)];
  writeFileSync(recordPath(filePath), `${JSON.stringify(record, null, 2)}\n`);
}

/** Throws ModelFileError unless the file exists and has the expected sha256. */
export async function verifyModelFile(filePath: string, expectedSha256: string): Promise<void> {
  if (!existsSync(filePath)) {
    throw new ModelFileError('model_missing', `The model file ${filePath} is missing.`);
  }
  if (isRecordedAsVerified(filePath, expectedSha256)) return;
  const actual = await fileSha256(filePath);
  if (actual !== expectedSha256) {
    throw new ModelFileError(
      'model_checksum_mismatch',
      `The model file ${filePath} has sha256 ${actual}, expected ${expectedSha256}: it is corrupt or not the right model.`,
    );
  }
  const stat = statSync(filePath);
  const record = readRecord(filePath);
  record[path.basename(filePath)] = { size: stat.size, mtimeMs: stat.mtimeMs, sha256: actual };
  try {
    writeFileSync(recordPath(filePath), `${JSON.stringify(record, null, 2)}\n`);
  } catch {
    // A read-only models dir (the container runs as uid 1000) only means hashing again next start.
  }
}
