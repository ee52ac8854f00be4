/**
 * The main process's own log file (main.log in the app's logs folder, which the menu opens): startup
 * failures and quit problems land there, not only on a console nobody sees in an installed app.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export interface MainLog {
  file: string;
  write(level: 'info' | 'error', message: string, error?: unknown): void;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

export function createMainLog(logsDir: string): MainLog {
  const file = path.join(logsDir, 'main.log');
  return {
    file,
    write(level, message, error) {
      const line = `${new Date().toISOString()} ${level.toUpperCase()} ${message}${error === undefined ? '' : `\n${describe(error)}`}\n`;
      try {
        mkdirSync(logsDir, { recursive: true });
        appendFileSync(file, line);
      } catch {
        // A log that cannot be written must not take the app down with it.
      }
      if (level === 'error') console.error(line.trimEnd());
    },
  };
}
