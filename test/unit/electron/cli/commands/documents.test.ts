import { describe, expect, it } from 'vitest';
import { runCli } from '../../../../../electron/cli/main.ts';
import { captureOutput } from './cliCapture.ts';

describe('facecraft documents', () => {
  it('lists every document with its id, rules in one line and source', async () => {
    const out = captureOutput();
    expect(await runCli(['documents'], out)).toBe(0);
    const text = out.lines.join('\n');
    expect(text).toMatch(
      /^eu-passport +European Union — Passport, ID card and Schengen visa \(35 × 45 mm\)$/m,
    );
    expect(text).toContain('35 × 45 mm at 300 dpi = 413 × 531 px · head 32–36 mm (71–80 %)');
    expect(text).toContain('upload JPG ≤ 240 KB');
    expect(text).toContain('https://www.gov.uk/photos-for-passports');
  });

  it('prints the table with its sources as JSON', async () => {
    const out = captureOutput();
    expect(await runCli(['documents', '--json'], out)).toBe(0);
    const { documents } = JSON.parse(out.lines.join('\n')) as {
      documents: { id: string; summary: string; sources: Record<string, { checked: boolean }> }[];
    };
    const visa = documents.find((d) => d.id === 'us-visa');
    expect(visa?.summary).toContain('600 × 600 px');
    expect(visa?.sources.usVisa?.checked).toBe(false);
  });
});
