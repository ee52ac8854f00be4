import { describe, expect, it } from 'vitest';
import { Listeners } from '../../../../electron/services/listeners.ts';

describe('listeners', () => {
  it('a window that closed (its listener throws) does not stop the others; unsubscribing stops one', () => {
    const listeners = new Listeners<string>();
    const seen: string[] = [];
    listeners.on(() => {
      throw new Error('window closed');
    });
    const off = listeners.on((value) => seen.push(`a:${value}`));
    listeners.on((value) => seen.push(`b:${value}`));
    listeners.emit('ready');
    off();
    listeners.emit('stopped');
    listeners.clear();
    listeners.emit('gone');
    expect(seen).toEqual(['a:ready', 'b:ready', 'b:stopped']);
  });
});
