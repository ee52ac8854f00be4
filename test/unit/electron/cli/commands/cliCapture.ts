/** A CliOutput that keeps what a command printed, for the CLI tests. */
import type { CliOutput } from '../../../../../electron/cli/cliOutput.ts';

export function captureOutput(): CliOutput & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    tty: false,
    lines,
    errors,
    line: (text) => lines.push(text),
    error: (text) => errors.push(text),
    status: () => undefined,
    endStatus: () => undefined,
  };
}
