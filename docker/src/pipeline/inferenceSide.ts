/**
 * The segmentation model's input side for one region, chosen from the size the region ends up at: the
 * pixels it spans in the portrait, or in the photo where that is fewer (more would only upsample), times
 * the share of that detail the bench accepted (mask IoU against the 1024 mask on every fixture, see
 * bench/engineBench.ts), rounded up to the graph's step and never above the model's own size. A model
 * without an any-size graph always runs at its own size.
 */
import type { SegmentationModel } from '../models/segmentationModels.ts';

/** Share of the region's final pixels the model must see. 1: the output's own scale. */
export const acceptedDetailShare = 1;
/** The smallest side the bench measures against 1024. */
const smallestSide = 512;

export function inferenceSide(
  model: SegmentationModel,
  regionPixels: { inOutput: number; inPhoto: number },
  detailShare = acceptedDetailShare,
): number {
  const step = model.anySize?.sideStep;
  if (!step) return model.inputSize;
  const wanted = Math.min(regionPixels.inOutput, regionPixels.inPhoto) * detailShare;
  const side = Math.max(smallestSide, Math.ceil(wanted / step) * step);
  return Math.min(model.inputSize, side);
}
