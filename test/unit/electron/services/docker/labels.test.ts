/** The labels that keep the app to its own containers. */
import { describe, expect, it } from 'vitest';
import { engineLabels, INSTANCE_LABEL, instanceOf } from '../../../../../electron/services/docker/labels.ts';

describe('labels', () => {
  it('marks an engine with the app, its variant, this session and its instance', () => {
    expect(engineLabels('gpu', 'session-1', 'test-a')).toEqual({
      app: 'facecraft-desktop',
      'facecraft.variant': 'gpu',
      'facecraft.session': 'session-1',
      'facecraft.instance': 'test-a',
      'facecraft.role': 'engine',
    });
  });

  it('counts an engine from before the instance label as the shared default instance', () => {
    expect(instanceOf({ app: 'facecraft-desktop' })).toBe('default');
    expect(instanceOf({ [INSTANCE_LABEL]: 'test-a' })).toBe('test-a');
  });
});
