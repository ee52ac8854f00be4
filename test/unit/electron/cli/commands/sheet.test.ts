import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../../../electron/cli/main.ts';
import { portraitAt } from '../../../../support/documentPhotoFiles.ts';
import { captureOutput } from './cliCapture.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'facecraft-sheet-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('facecraft sheet', () => {
  it('writes a 4 × 6 in sheet of four UK passport copies as JPG and PDF', async () => {
    const photo = path.join(dir, 'portrait.png');
    await writeFile(photo, await portraitAt(413, 531));
    const out = captureOutput();
    const code = await runCli(
      [
        'sheet',
        photo,
        '--document',
        'uk-passport',
        '--sheet',
        '4x6',
        '--copies',
        '4',
        '--out',
        dir,
        '--json',
      ],
      out,
    );
    expect(out.errors).toEqual([]);
    expect(code).toBe(0);
    const { sheet } = JSON.parse(out.lines.join('\n')) as {
      sheet: { copies: number; jpg: string; pdf: string };
    };
    expect(sheet.copies).toBe(4);
    expect(await sharp(sheet.jpg).metadata()).toMatchObject({ width: 1200, height: 1800, density: 300 });
    const page = (await PDFDocument.load(await readFile(sheet.pdf))).getPage(0).getSize();
    expect([page.width, page.height].map((v) => Math.round(v))).toEqual([288, 432]);
  });

  it('names the known documents when the id is wrong, and says how many fit', async () => {
    const out = captureOutput();
    expect(
      await runCli(['sheet', 'x.png', '--document', 'atlantis', '--sheet', 'a4', '--out', dir], out),
    ).toBe(1);
    expect(out.errors[0]).toMatch(
      /^facecraft sheet: There is no document "atlantis"\. Known: eu-passport, uk-passport/,
    );
    const photo = path.join(dir, 'portrait.png');
    await writeFile(photo, await portraitAt(591, 827));
    const many = captureOutput();
    expect(
      await runCli(
        ['sheet', photo, '--document', 'ca-passport', '--sheet', '4x6', '--copies', '9', '--out', dir],
        many,
      ),
    ).toBe(1);
    expect(many.errors[0]).toBe(
      'facecraft sheet: Only 2 of 9 copies fit on 10 × 15 cm (4 × 6 in): ask for fewer copies or use A4.',
    );
  });
});
