/** Reads a container's log tail. Non-TTY logs are multiplexed (8-byte frame headers); TTY logs are raw. */

import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { LineSplitter } from './lineSplitter.ts';

/** Splits a multiplexed log buffer into its payloads (stdout and stderr in arrival order). */
export function demuxLogBuffer(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const kind = buffer[offset];
    if (kind !== 0 && kind !== 1 && kind !== 2) return buffer.toString('utf8');
    const size = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}

export function splitLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.length > 0);
}

/** The last `tail` log lines (stdout and stderr); [] when the container is gone. */
export async function readLogTail(docker: Docker, containerId: string, tail = 50): Promise<string[]> {
  try {
    const container = docker.getContainer(containerId);
    const info = await container.inspect();
    const raw = (await container.logs({
      stdout: true,
      stderr: true,
      follow: false,
      tail,
    })) as unknown as Buffer;
    const text = info.Config.Tty ? raw.toString('utf8') : demuxLogBuffer(raw);
    return splitLines(text).slice(-tail);
  } catch {
    return [];
  }
}

/** Follows a container's log lines until `signal` aborts or the container stops. */
export async function followLogs(
  docker: Docker,
  containerId: string,
  onLine: (line: string) => void,
  signal: AbortSignal,
): Promise<void> {
  const container = docker.getContainer(containerId);
  const info = await container.inspect();
  const stream = (await container.logs({
    stdout: true,
    stderr: true,
    follow: true,
    tail: 0,
    abortSignal: signal,
  } as Docker.ContainerLogsOptions & { follow: true })) as NodeJS.ReadableStream;
  const out = new PassThrough();
  if (info.Config.Tty) stream.pipe(out);
  else docker.modem.demuxStream(stream, out, out);
  const lines = new LineSplitter();
  out.on('data', (chunk: Buffer) => {
    for (const line of lines.push(chunk.toString('utf8'))) if (line.trim()) onLine(line.trimEnd());
  });
  await new Promise<void>((resolve) => {
    stream.on('end', () => resolve());
    stream.on('close', () => resolve());
    stream.on('error', () => resolve());
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
