/** The engines a pool is made of: the local one at most as busy as its kind allows, URL ones with a key-free version. */
import { describe, expect, it } from 'vitest';
import {
  LOCAL_ENGINE_LABEL,
  localPoolMember,
  URL_ENGINE_RETRY_MS,
  urlPoolMember,
} from '../../../../../electron/services/jobQueue/poolMembers.ts';
import type { QueueEngine } from '../../../../../electron/services/jobQueue/queueEngine.ts';

const unused = async (): Promise<never> => {
  throw new Error('not asked in this test');
};

describe('pool members', () => {
  it('the local engine takes the device setting, never more than its kind (the published image: one)', () => {
    let kindTakes: number | null = 1;
    const local: QueueEngine = { acquire: unused, recover: unused, photosInFlight: () => kindTakes };
    const member = localPoolMember(local, () => 3);
    expect(member.ref).toEqual({ id: 'local', label: LOCAL_ENGINE_LABEL });
    expect(member.retryAfterMs).toBeNull();
    expect(member.concurrency?.()).toBe(1);
    kindTakes = null;
    expect(member.concurrency?.()).toBe(3);
  });

  it('a URL engine is known by its address; a new key or concurrency makes a new version that does not contain the key', () => {
    const one = urlPoolMember({ url: 'https://gpu.example.com', apiKey: 'secret-one', concurrency: null });
    const same = urlPoolMember({ url: 'https://gpu.example.com', apiKey: 'secret-one', concurrency: null });
    const rekeyed = urlPoolMember({
      url: 'https://gpu.example.com',
      apiKey: 'secret-two',
      concurrency: null,
    });
    const tuned = urlPoolMember({ url: 'https://gpu.example.com', apiKey: 'secret-one', concurrency: 4 });
    expect(one.ref).toEqual({ id: 'https://gpu.example.com', label: 'https://gpu.example.com' });
    expect(one.retryAfterMs).toBe(URL_ENGINE_RETRY_MS);
    expect(same.version).toBe(one.version);
    expect(new Set([one.version, rekeyed.version, tuned.version]).size).toBe(3);
    expect(one.version).not.toContain('secret');
    expect(tuned.concurrency?.()).toBe(4);
  });
});
