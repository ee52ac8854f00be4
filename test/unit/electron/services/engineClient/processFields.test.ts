/** The form a photo is sent with: every engine field written out, so no engine falls back to its own default. */
import { describe, expect, it } from 'vitest';
import { PROCESS_FIELD_NAMES } from '../../../../../contract/engineApi.ts';
import { DEFAULT_PROCESS_OPTIONS } from '../../../../../contract/processOptions.ts';
import { appendProcessFields } from '../../../../../electron/services/engineClient/processFields.ts';

describe('processFields', () => {
  it('writes every field of the engine table once, as the text the engine reads', () => {
    const form = new FormData();
    appendProcessFields(form, {
      ...DEFAULT_PROCESS_OPTIONS,
      width: 413,
      background: { r: 63, g: 111, b: 181 },
      ovalMask: false,
    });
    const sent: [string, string][] = [];
    form.forEach((value, name) => {
      sent.push([name, String(value)]);
    });
    expect(sent.map(([name]) => name).sort()).toEqual([...PROCESS_FIELD_NAMES].sort());
    expect(Object.fromEntries(sent)).toMatchObject({
      width: '413',
      height: '648',
      background_r: '63',
      background_g: '111',
      background_b: '181',
      face_margin: '0.3',
      use_oval_mask: 'false',
      enhance_face: 'true',
      // URLs, not base64: smaller answers.
      return_base64: 'false',
    });
  });
});
