import { describe, expect, it } from 'vitest';
import {
  BRIDGE_EVENTS,
  BRIDGE_METHODS,
  bridgeListsAreComplete,
  channelName,
  eventChannelName,
} from './bridge.ts';

describe('bridge contract', () => {
  it('gives every method and event its own channel name', () => {
    const channels = Object.entries(BRIDGE_METHODS).flatMap(([ns, methods]) =>
      methods.map((m) => channelName(ns, m)),
    );
    const events = BRIDGE_EVENTS.map(eventChannelName);
    const all = [...channels, ...events];
    expect(new Set(all).size).toBe(all.length);
    expect(channels).toContain('facecraft:queue.add');
    expect(bridgeListsAreComplete).toBe(true);
  });
});
