import { describe, expect, it } from 'vitest';
import { findSegmentationModel } from '../../../src/models/segmentationModels.ts';
import { inferenceSide } from '../../../src/pipeline/inferenceSide.ts';

const isnet = findSegmentationModel('isnet-medium');

describe('inferenceSide', () => {
  it('runs the default 648-pixel portrait’s region (about 1040 output pixels) at the model’s full 1024', () => {
    expect(inferenceSide(isnet, { inOutput: 1037, inPhoto: 2400 })).toBe(1024);
  });

  it('follows a smaller portrait down to the output’s own scale, in steps of 64', () => {
    expect(inferenceSide(isnet, { inOutput: 700, inPhoto: 2400 })).toBe(704);
    expect(inferenceSide(isnet, { inOutput: 600, inPhoto: 2400 })).toBe(640);
  });

  it('never asks for more pixels than the photo has there, nor fewer than 512', () => {
    expect(inferenceSide(isnet, { inOutput: 1037, inPhoto: 690 })).toBe(704);
    expect(inferenceSide(isnet, { inOutput: 1037, inPhoto: 115 })).toBe(512);
  });

  it('keeps a model without an any-size graph at its own size', () => {
    expect(inferenceSide(findSegmentationModel('u2net_human_seg'), { inOutput: 1037, inPhoto: 2400 })).toBe(
      320,
    );
  });
});
