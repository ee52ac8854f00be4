/** Docker's streams arrive in arbitrary chunks; a log line must show whole, once. */
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../../../electron/services/docker/lineSplitter.ts';

describe('lineSplitter', () => {
  it('joins a line torn across chunks and gives each line once, without its line end', () => {
    const lines = new LineSplitter();
    expect(lines.push('Step 1/9 : FROM no')).toEqual([]);
    expect(lines.push('de\r\nStep 2/9 : WORKDIR /app\n\nStep 3')).toEqual([
      'Step 1/9 : FROM node',
      'Step 2/9 : WORKDIR /app',
      '',
    ]);
    expect(lines.end()).toEqual(['Step 3']);
    expect(lines.end()).toEqual([]);
  });
});
