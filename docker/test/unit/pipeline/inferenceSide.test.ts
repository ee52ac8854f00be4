import { describe, expect, it } from 'vitest';
import { findSegmentationModel } from '../../../src/models/segmentationModels.ts';
import { inferenceSide } from '../../../src/pipeline/inferenceSide.ts';

const isnet = findSegmentationModel('isnet-medium');

describe('inferenceSide', () => {
  it('runs every region at the model’s full 1024 while the bench has accepted no smaller side', () => {
    expect(inferenceSide(isnet, 1037)).toBe(1024);
    expect(inferenceSide(isnet, 480)).toBe(1024);
  });

  it('takes the smallest accepted side that still covers the region’s pixels in the portrait', () => {
    expect(inferenceSide(isnet, 480, [768, 512])).toBe(512);
    expect(inferenceSide(isnet, 700, [768, 512])).toBe(768);
    expect(inferenceSide(isnet, 1037, [768, 512])).toBe(1024);
  });

  it('ignores a side the graph cannot take and keeps a model without an any-size graph at its own size', () => {
    expect(inferenceSide(isnet, 480, [600])).toBe(1024);
    expect(inferenceSide(findSegmentationModel('u2net_human_seg'), 200, [256])).toBe(320);
  });
});
