/**
 * Turns one of the end-to-end screenshots (test-output/screenshots/, real app on real services) into the
 * README's picture: resources/screenshots/app.png, palette-quantised to stay well under 400 KB.
 *
 *   node resources/scripts/makeReadmeScreenshot.ts [test-output/screenshots/3-results-grid.png]
 */
import { mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

type Sharp = (input: string) => {
  resize(width: number): {
    png(options: { palette: boolean; quality: number; compressionLevel: number; effort: number }): {
      toFile(file: string): Promise<unknown>;
    };
  };
};

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const input = path.resolve(
  process.argv[2] ?? path.join(ROOT, 'test-output', 'screenshots', '3-results-grid.png'),
);
const output = path.join(ROOT, 'resources', 'screenshots', 'app.png');
const sharp = createRequire(path.join(ROOT, 'docker', 'package.json'))('sharp') as Sharp;

await mkdir(path.dirname(output), { recursive: true });
await sharp(input)
  .resize(1280)
  .png({ palette: true, quality: 90, compressionLevel: 9, effort: 10 })
  .toFile(output);
const { size } = await stat(output);
if (size > 400 * 1024)
  throw new Error(`${output} is ${size} bytes; the README picture must stay under 400 KB`);
console.log(`${output}: ${Math.round(size / 1024)} KB`);
