/**
 * `facecraft process` flags: derived from the option tables, and refused with the engine's sentence
 * before anything starts (no Docker is reachable here, so a run that got that far would say so instead).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROCESS_FIELDS, parseFieldText } from '../../../../contract/engineApi.ts';
import type { CliOutput } from '../../../../electron/cli/cliOutput.ts';
import { runCli } from '../../../../electron/cli/main.ts';
import { OPTION_FLAGS, optionsFromFlags } from '../../../../electron/cli/optionFlags.ts';
import { FIXTURES_DIR } from '../../../support/fixtures.ts';

let dir: string;
const saved = { docker: process.env.DOCKER_HOST, data: process.env.FACECRAFT_DATA_DIR };

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fc-cli-flags-'));
  // Nothing answers here: a command that reached Docker would fail with a Docker sentence, not ours.
  process.env.DOCKER_HOST = `unix://${path.join(dir, 'no-docker.sock')}`;
  process.env.FACECRAFT_DATA_DIR = path.join(dir, 'data');
});
afterEach(async () => {
  for (const [name, value] of [
    ['DOCKER_HOST', saved.docker],
    ['FACECRAFT_DATA_DIR', saved.data],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await rm(dir, { recursive: true, force: true });
});

function capture(): CliOutput & { errors: string[]; lines: string[] } {
  const errors: string[] = [];
  const lines: string[] = [];
  return {
    tty: false,
    errors,
    lines,
    line: (text: string) => lines.push(text),
    error: (text: string) => errors.push(text),
    status: () => undefined,
    endStatus: () => undefined,
  } as CliOutput & { errors: string[]; lines: string[] };
}

describe('facecraft process option flags', () => {
  it('refuses --width 32 with the engine sentence and exit 1, before Docker is even asked', async () => {
    const out = capture();
    const code = await runCli(
      ['process', FIXTURES_DIR, '--out', path.join(dir, 'out'), '--width', '32'],
      out,
    );
    expect(code).toBe(1);
    const engine = parseFieldText(PROCESS_FIELDS.width, '--width', '32');
    expect(engine.ok).toBe(false);
    expect(out.errors.join('\n')).toBe(`facecraft process: ${engine.ok ? '' : engine.problem}`);
    expect(out.errors.join('\n')).toMatch(/must be from 64 to 4096; 32 is out of range/);
  });

  it('names every bad flag at once, malformed text quoted as typed', () => {
    expect(() => optionsFromFlags({ height: 'tall', margin: '1.5' })).toThrow(
      "--height must be a whole number from 64 to 4096, not 'tall'. --margin must be from 0 to 1; 1.5 is out of range.",
    );
  });

  it('turns flags into options: sizes, colour, margin, and the switches that turn defaults off', () => {
    expect(
      optionsFromFlags({
        width: '600',
        height: '600',
        background: '#3f6fb5',
        margin: '0.4',
        'no-oval': true,
        'no-enhance': true,
      }),
    ).toEqual({
      width: 600,
      height: 600,
      background: { r: 63, g: 111, b: 181 },
      faceMargin: 0.4,
      ovalMask: false,
      enhance: false,
    });
  });

  it('lists every option flag in the help with its range and default', async () => {
    const out = capture();
    expect(await runCli(['process', '--help'], out)).toBe(0);
    const help = out.lines.join('\n');
    for (const flag of OPTION_FLAGS) expect(help).toContain(flag.usage);
    expect(help).toMatch(/--width N\s+Output width in pixels, 64\.\.4096 \(default 648\)/);
    expect(help).toMatch(/--background #RRGGBB\s+background colour \(default #F0F0F0\)/);
    expect(help).toMatch(/--no-oval\s+off: /);
  });
});
