/**
 * Stage 5: the subject's mask for a square region of the upright frame (see headFrame.ts). The region is
 * read from the photo through the levelling rotation straight at the model input side chosen for it
 * (inferenceSide.ts; one resampling), so the mask's pixels span the region exactly and any part of the
 * portrait can be cut from it later.
 */
import { type Affine, composeAffine, frameMap, invertAffine } from './affine.ts';
import type { UprightRect } from './headFrame.ts';
import type { GreyImage, RgbImage } from './rgbImage.ts';
import { sampleAffineFiltered } from './sampleAffine.ts';
import type { SegmentationSession } from './segmentationSession.ts';
import { maskToAlpha, modelInput, runModel } from './segmentCrop.ts';

export interface RegionMask {
  region: UprightRect;
  /** The alpha of the region, mask.width² pixels. */
  mask: GreyImage;
  /** Source pixels → mask pixels. */
  sourceToMask: Affine;
}

/** The region read from the photo at side × side pixels, and the map from source pixels to it. */
export async function regionCrop(
  image: RgbImage,
  sourceToUpright: Affine,
  region: UprightRect,
  side: number,
): Promise<{ crop: RgbImage; sourceToCrop: Affine }> {
  const sourceToCrop = composeAffine(frameMap(region.left, region.top, side / region.width), sourceToUpright);
  const crop = await sampleAffineFiltered({ ...image, channels: 3 }, invertAffine(sourceToCrop), side, side);
  const data = Buffer.from(crop.data.buffer, crop.data.byteOffset, crop.data.length);
  return { crop: { data, width: side, height: side }, sourceToCrop };
}

export async function segmentRegion(
  image: RgbImage,
  sourceToUpright: Affine,
  region: UprightRect,
  segmentation: SegmentationSession,
  side = segmentation.model.inputSize,
): Promise<RegionMask> {
  const { crop, sourceToCrop } = await regionCrop(image, sourceToUpright, region, side);
  const mask = await runModel(await modelInput(crop, segmentation, side), segmentation, side);
  return {
    region,
    mask: await maskToAlpha(mask, segmentation, side, side, undefined, side),
    sourceToMask: sourceToCrop,
  };
}
