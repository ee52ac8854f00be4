/** What a person reads when an engine fails a photo or the GPU driver is too old. */
import { describe, expect, it } from 'vitest';
import {
  OWN_ENGINE_PROFILE,
  PUBLISHED_ENGINE_PROFILE,
} from '../../../../../electron/services/engineKind/engineKind.ts';
import {
  ENGINE_FAILED_PHOTO,
  engineFailure,
  photoFailureSentence,
} from '../../../../../electron/services/engineKind/engineSentences.ts';

describe('engine sentences', () => {
  it('turns raw OpenCV texts into a sentence about the size, the damaged file, or the photo', () => {
    expect(
      photoFailureSentence("OpenCV(4.8.0) error: (-215:Assertion failed) !dsize.empty() in 'resize'"),
    ).toBe('The engine could not make a portrait of that size. Choose another width and height.');
    expect(photoFailureSentence('cannot identify image file /app/uploads/x.jpg')).toBe(
      'The engine could not read this photo; the file may be damaged.',
    );
    expect(photoFailureSentence('KeyError: landmarks')).toBe(ENGINE_FAILED_PHOTO);
  });

  it('the published image: the user gets our sentence, the raw text stays attached as the cause', () => {
    const raw = 'cannot identify image file /app/uploads/a.jpg';
    const error = engineFailure(PUBLISHED_ENGINE_PROFILE, raw, 'fallback');
    expect(error.code).toBe('engine-rejected');
    expect(error.message).not.toMatch(/\/app\//);
    expect((error.cause as Error).message).toBe(`the published Facecraft image said: ${raw}`);
  });

  it('our engine: its own text is shown; the fallback only when it said nothing', () => {
    expect(engineFailure(OWN_ENGINE_PROFILE, 'No face found in the photo.', 'fb').message).toBe(
      'No face found in the photo.',
    );
    expect(engineFailure(OWN_ENGINE_PROFILE, '', 'The engine failed.').message).toBe('The engine failed.');
  });
});
