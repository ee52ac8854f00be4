/**
 * The segmentation model's input side for one region. The any-size graph (anySizeGraph.ts) can run at
 * any multiple of 64, and the region needs no more than the pixels it spans in the portrait; but a side
 * is used only once the bench has shown that portraits made with it agree with the 1024 ones (IoU of the
 * delivered alpha ≥ 0.98, bench/maskAgreement.ts) on every fixture.
 *
 * Measured (README, "How fast"), with the float graph and again with the int8 one the CPU runs: none of
 * 512, 640 and 768 passes. The head's outline agrees at every
 * side; what changes is the model's verdict on uncertain parts — a dark shirt against a dark fence, a
 * shoulder fading into a green wall, a space-suit collar, flyaway hair — which it keeps at one side and
 * drops at another. Fitting the side to the photo's own pixels fails too (the Apollo crew photo: 0.93),
 * and so does a fine second pass over the framed portrait alone (side-lit older man: 0.930; README).
 * So every region runs at the model's 1024 until a side passes; the default 648-pixel portrait's region
 * spans about 1040 output pixels, so 1024 is also its own scale.
 */
import type { SegmentationModel } from '../models/segmentationModels.ts';

/** Sides below the model's own that the bench accepted on every fixture. */
export const acceptedSmallerSides: readonly number[] = [];

/** The smallest accepted side that still covers the region's pixels in the portrait, else the model's own. */
export function inferenceSide(
  model: SegmentationModel,
  regionPixelsInOutput: number,
  accepted: readonly number[] = acceptedSmallerSides,
): number {
  if (!model.anySize) return model.inputSize;
  const step = model.anySize.sideStep;
  const fitting = accepted
    .filter((side) => side % step === 0 && side < model.inputSize && side >= regionPixelsInOutput)
    .sort((a, b) => a - b);
  return fitting[0] ?? model.inputSize;
}
