import { describe, expect, it } from 'vitest';
import { FacecraftError } from '../../../../contract/errors.ts';
import { startupFailureDialog } from '../../../../electron/main/startupFailure.ts';

describe('the startup failure dialog', () => {
  it("says what failed in the error's own sentence and where the log is", () => {
    const error = new FacecraftError('file-unreadable', 'The settings file could not be read.');
    const dialog = startupFailureDialog(error, '/home/ada/.config/Facecraft Desktop/logs/main.log');
    expect(dialog.title).toBe('Facecraft Desktop could not start');
    expect(dialog.content).toMatch(/^The settings file could not be read\./);
    expect(dialog.content).toContain('/home/ada/.config/Facecraft Desktop/logs/main.log');
  });

  it('still gives a sentence for a thrown non-error', () => {
    expect(startupFailureDialog('boom', '/tmp/main.log').content).toMatch(/^An unexpected problem/);
  });
});
