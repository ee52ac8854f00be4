/** Where the CLI writes: a progress bar on a terminal, plain lines otherwise (logs, CI, pipes). */
export interface CliOutput {
  readonly tty: boolean;
  line(text: string): void;
  error(text: string): void;
  /** Replaces the current status line on a TTY; ignored otherwise. */
  status(text: string): void;
  /** Ends the status line so the next line starts clean. */
  endStatus(): void;
}

export function createCliOutput(
  stdout: NodeJS.WriteStream = process.stdout,
  stderr: NodeJS.WriteStream = process.stderr,
): CliOutput {
  const tty = stdout.isTTY === true;
  let statusShown = false;
  const clear = (): void => {
    if (statusShown) {
      stdout.write('\r\x1b[2K');
      statusShown = false;
    }
  };
  return {
    tty,
    line(text) {
      clear();
      stdout.write(`${text}\n`);
    },
    error(text) {
      clear();
      stderr.write(`${text}\n`);
    },
    status(text) {
      if (!tty) return;
      const width = Math.max(20, (stdout.columns ?? 80) - 1);
      stdout.write(`\r\x1b[2K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
      statusShown = true;
    },
    endStatus() {
      clear();
    },
  };
}

export function progressBar(done: number, total: number, width = 24): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

export { formatBytes } from '../../contract/formatBytes.ts';

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const m = Math.floor(seconds / 60);
  return `${m}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
}
