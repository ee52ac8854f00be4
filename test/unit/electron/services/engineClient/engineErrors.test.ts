/** What a user reads when the engine says no, or stops answering. */
import { describe, expect, it } from 'vitest';
import {
  httpError,
  isConnectionLoss,
  processFailure,
  unreachableError,
} from '../../../../../electron/services/engineClient/engineErrors.ts';

describe('engineErrors', () => {
  it("passes the engine's own sentence on when it rejects an option", () => {
    const error = httpError(
      400,
      { detail: "The form field 'width' must be from 64 to 4096; 32 is out of range." },
      'the photo',
    );
    expect(error.code).toBe('engine-rejected');
    expect(error.message).toBe("The form field 'width' must be from 64 to 4096; 32 is out of range.");
  });

  it("reads the published image's FastAPI validation list as one sentence", () => {
    const body = {
      detail: [{ loc: ['body', 'face_margin'], msg: 'Input should be less than or equal to 1' }],
    };
    expect(httpError(422, body, 'the photo').message).toBe(
      'face_margin: Input should be less than or equal to 1',
    );
  });

  it('a wrong key is a refused key that says to restart the engine; a starting engine is "not ready"', () => {
    expect(httpError(401, {}, '/status')).toMatchObject({
      code: 'engine-key-refused',
      message: expect.stringMatching(/Restart the engine/),
    });
    expect(httpError(503, {}, '/ready').code).toBe('engine-not-ready');
  });

  it('a photo without a face gets its own code and advice', () => {
    expect(processFailure('no_face_detected', 'No face was detected in the image.')).toMatchObject({
      code: 'no-face',
      message: expect.stringMatching(/No face was found in this photo/),
    });
    expect(processFailure('processing_failed', 'The photo could not be decoded.').message).toBe(
      'The photo could not be decoded.',
    );
  });

  it('tells a dropped connection (retried) from a verdict on the photo (not retried)', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(isConnectionLoss(new TypeError('fetch failed', { cause: reset }))).toBe(true);
    expect(isConnectionLoss(httpError(400, { detail: 'bad' }, 'the photo'))).toBe(false);
    expect(unreachableError('http://127.0.0.1:5', reset).message).toMatch(/stopped answering \(ECONNRESET\)/);
  });
});
