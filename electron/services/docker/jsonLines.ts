/**
 * Reads docker's newline-delimited JSON progress streams. docker-modem's followProgress JSON.parses each
 * line without a try/catch (one torn line throws out of a stream handler), so the services read the
 * lines themselves and hand each event to the caller.
 */
export function readJsonLines<T>(
  stream: NodeJS.ReadableStream,
  onEvent: (event: T) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffer = '';
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
    const flush = (all: boolean) => {
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        handle(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
      }
      if (all && buffer.trim()) {
        handle(buffer);
        buffer = '';
      }
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
      buffer += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      flush(false);
    });
    stream.on('end', () => {
      flush(true);
      finish();
    });
    stream.on('close', () => {
      flush(true);
      finish();
    });
    stream.on('error', (error: unknown) => finish(signal?.aborted ? (signal.reason ?? error) : error));
  });
}
