/**
 * Reads docker's newline-delimited JSON progress streams. docker-modem's followProgress JSON.parses each
 * line without a try/catch (one torn line throws out of a stream handler), so the services read the
 * lines themselves and hand each event to the caller.
 */
import { LineSplitter } from './lineSplitter.ts';

export function readJsonLines<T>(
  stream: NodeJS.ReadableStream,
  onEvent: (event: T) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const lines = new LineSplitter();
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve();
    };
    const onAbort = () => {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      finish(signal?.reason ?? new Error('aborted'));
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const flush = () => {
      for (const line of lines.end()) handle(line);
    };
    const handle = (line: string) => {
      const trimmed = line.trim();
      if (!trimmed) return;
      let event: T;
      try {
        event = JSON.parse(trimmed) as T;
      } catch {
        return;
      }
      try {
        onEvent(event);
      } catch (error) {
        finish(error);
      }
    };
    stream.on('data', (chunk: Buffer | string) => {
      for (const line of lines.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'))) handle(line);
    });
    stream.on('end', () => {
      flush();
      finish();
    });
    stream.on('close', () => {
      flush();
      finish();
    });
    stream.on('error', (error: unknown) => finish(signal?.aborted ? (signal.reason ?? error) : error));
  });
}
