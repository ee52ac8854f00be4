/** Text arriving in chunks (a Docker stream) as whole lines: the one splitter the streams share. */
export class LineSplitter {
  #buffer = '';

  /** The lines this chunk completes, without their line ends (\n or \r\n). */
  push(chunk: string): string[] {
    this.#buffer += chunk;
    const lines = this.#buffer.split('\n');
    this.#buffer = lines.pop() ?? '';
    return lines.map(withoutCarriageReturn);
  }

  /** What is left after the last line end (a last line without one); empty when nothing is. */
  end(): string[] {
    const rest = this.#buffer;
    this.#buffer = '';
    return rest === '' ? [] : [withoutCarriageReturn(rest)];
  }
}

function withoutCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
