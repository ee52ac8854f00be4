/**
 * `facecraft process --document` as a user runs it, on this machine's Docker with the locally built
 * CPU engine: portraits at the document's pixels and resolution, within its upload limit, a verdict
 * per photo (a group photo warns about several faces), and a print sheet.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentVerdict } from '../../../../../contract/documentVerdict.ts';
import { ensureEngineImage } from '../../../../support/engineImage.ts';
import { fixturePath, REPO_ROOT as ROOT } from '../../../../support/fixtures.ts';
import { runCliProcess } from '../../../support/cliProcess.ts';

let dataDir: string;
let inDir: string;
let outDir: string;

function cli(args: string[]) {
  return runCliProcess(args, {
    FACECRAFT_DATA_DIR: dataDir,
    FACECRAFT_ENGINE_INSTANCE: 'launcher-documents-cli-test',
  });
}

beforeAll(async () => {
  await ensureEngineImage();
  dataDir = await mkdtemp(path.join(tmpdir(), 'fc-doc-data-'));
  inDir = await mkdtemp(path.join(tmpdir(), 'fc-doc-in-'));
  outDir = await mkdtemp(path.join(tmpdir(), 'fc-doc-out-'));
  for (const name of ['frontal-woman-astronaut-orange-suit.png', 'group-three-people-apollo11-crew.jpg'])
    await copyFile(fixturePath(name), path.join(inDir, name));
});

afterAll(async () => {
  for (const dir of [dataDir, inDir, outDir]) await rm(dir, { recursive: true, force: true });
});

describe('facecraft process --document (real Docker, CPU engine)', { timeout: 1_200_000 }, () => {
  it('writes US visa portraits at 600 × 600 px, 300 dpi, ≤ 240 KB, with a verdict each and a 4 × 6 in sheet', async () => {
    const run = await cli([
      'process',
      inDir,
      '--out',
      outDir,
      '--device',
      'cpu',
      '--source',
      'build',
      '--format',
      'both',
      '--document',
      'us-visa',
      '--sheet',
      '4x6',
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as {
      photos: { path: string; state: string; outputs: string[]; verdict?: DocumentVerdict }[];
      sheet: { copies: number; jpg: string; pdf: string };
    };
    for (const photo of summary.photos) {
      expect(photo.state).toBe('done');
      const [png, jpg] = photo.outputs as [string, string];
      for (const file of [png, jpg]) {
        const meta = await sharp(file).metadata();
        expect({ width: meta.width, height: meta.height, density: meta.density }).toEqual({
          width: 600,
          height: 600,
          density: 300,
        });
      }
      expect((await readFile(jpg)).length).toBeLessThanOrEqual(240 * 1024);
      const verdict = photo.verdict!;
      expect(verdict.documentId).toBe('us-visa');
      expect(verdict.rules.find((r) => r.id === 'pixels')?.status).toBe('pass');
      expect(verdict.rules.find((r) => r.id === 'file-size')?.status).toBe('pass');
      expect(verdict.manual.length).toBeGreaterThan(0);
    }
    const group = summary.photos.find((p) => p.path.endsWith('group-three-people-apollo11-crew.jpg'))!;
    expect(group.verdict?.rules.find((r) => r.id === 'one-face')).toMatchObject({ status: 'check' });
    expect(group.verdict?.rules.find((r) => r.id === 'one-face')?.advice).toMatch(
      /^Only one face may appear — this photo has (two|three|four); the largest was used\./,
    );
    // Two photos of 2 × 2 in fill a 4 × 6 in sheet with one copy each.
    expect(summary.sheet.copies).toBe(2);
    expect(await sharp(summary.sheet.jpg).metadata()).toMatchObject({ width: 1200, height: 1800 });
    const page = (await PDFDocument.load(await readFile(summary.sheet.pdf))).getPage(0).getSize();
    expect([Math.round(page.width), Math.round(page.height)]).toEqual([288, 432]);
    const look = path.join(ROOT, 'test-output', 'documents');
    await mkdir(look, { recursive: true });
    await sharp(summary.sheet.jpg).png().toFile(path.join(look, 'cli-sheet-us-visa.png'));
  });
});
