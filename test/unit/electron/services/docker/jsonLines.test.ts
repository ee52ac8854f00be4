/** Docker's progress stream: a torn or broken line must not lose the events around it. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readJsonLines } from '../../../../../electron/services/docker/jsonLines.ts';

describe('jsonLines', () => {
  it('hands over every event in order, skipping a line that is not JSON', async () => {
    const stream = new PassThrough();
    const events: { status: string }[] = [];
    const done = readJsonLines<{ status: string }>(stream, (event) => events.push(event));
    stream.write('{"status":"Pulling fs layer"}\n{"stat');
    stream.write('us":"Downloading"}\nnot json\n');
    stream.end('{"status":"Pull complete"}');
    await done;
    expect(events.map((e) => e.status)).toEqual(['Pulling fs layer', 'Downloading', 'Pull complete']);
  });

  it('stops with the reason when cancelled', async () => {
    const stream = new PassThrough();
    const abort = new AbortController();
    const done = readJsonLines(stream, () => undefined, abort.signal);
    abort.abort(new Error('Cancelled.'));
    await expect(done).rejects.toThrow('Cancelled.');
  });
});
