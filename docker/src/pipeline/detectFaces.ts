/**
 * Stage 2: every frontal face in the image, the largest first. Detection runs on a grey copy scaled to
 * about 800 px (HOG cost grows with area; faces in portraits stay far above the ≈ 80 px minimum) and the
 * rects are mapped back. Small images and small faces get dlib's 2× upsampling (≈ 40 px minimum), as
 * does an image where nothing was found, so a group photo's ≈ 40 px faces are still counted.
 */
import sharp from 'sharp';
import { type Affine, applyAffine, composeAffine, invertAffine, rotationAbout } from './affine.ts';
import type { DetectedRect, DlibAddon } from './dlibAddon.ts';
import { type GreyImage, type RgbImage, toGrey } from './rgbImage.ts';
import { sampleAffine } from './sampleAffine.ts';
import type { FaceBox } from './types.ts';

export const detectionSide = 800;
/** Faces smaller than this (in the detection copy) suggest smaller ones were missed: upsample. */
const smallFaceSide = 100;
/** Detection images smaller than this are upsampled up front. */
const smallImageSide = 400;

/** Tried in this order when nothing upright was found (HOG only finds faces within about ±15° of upright). */
const retryAngles = [-20, 20, -40, 40];

export interface DetectedFaces {
  /** Largest first, in the image's pixel coordinates (for a rotated find: the box's bounding box there). */
  faces: FaceBox[];
  /**
   * Set when the faces were only found on a rotated copy: the map from the image's pixels to that copy
   * (at the image's scale), and the boxes in it, where the faces are upright.
   */
  rotated: { degrees: number; imageToView: Affine; boxes: FaceBox[] } | null;
}

export interface DetectionOptions {
  /** false: an image known to be upright (the rendered portrait) skips the rotated retries. */
  retryRotated?: boolean;
  /** The detection copy's longest side, smaller where faces are known to be large. */
  side?: number;
}

export async function detectFaces(
  image: RgbImage,
  addon: DlibAddon,
  { retryRotated = true, side = detectionSide }: DetectionOptions = {},
): Promise<DetectedFaces> {
  const longSide = Math.max(image.width, image.height);
  const scale = longSide > side ? side / longSide : 1;
  const small = scale === 1 ? image : await scaledCopy(image, scale);
  const grey = toGrey(small);
  const detectionLong = Math.max(grey.width, grey.height);

  let upsample =
    detectionLong < smallImageSide ? Math.min(2, Math.ceil(Math.log2(smallImageSide / detectionLong))) : 0;
  let rects = await addon.detectFaces(grey.data, grey.width, grey.height, upsample);
  const smallest = Math.min(...rects.map((rect) => rect.right - rect.left));
  if (upsample === 0 && (rects.length === 0 || smallest < smallFaceSide)) {
    upsample = 1;
    const upsampled = await addon.detectFaces(grey.data, grey.width, grey.height, upsample);
    // The upsampled pass sees everything the plain one does and more; keep the plain result if it lost faces.
    if (upsampled.length >= rects.length) rects = upsampled;
  }

  if (rects.length === 0 && retryRotated) return detectRotated(grey, scale, addon, upsample);
  return { faces: toImageBoxes(rects, scale, image), rotated: null };
}

function toImageBoxes(
  rects: DetectedRect[],
  scale: number,
  image: { width: number; height: number },
): FaceBox[] {
  return rects
    .map((rect): FaceBox => {
      const x = Math.max(0, rect.left / scale);
      const y = Math.max(0, rect.top / scale);
      return {
        x,
        y,
        width: Math.min(image.width, rect.right / scale) - x,
        height: Math.min(image.height, rect.bottom / scale) - y,
      };
    })
    .filter((face) => face.width > 0 && face.height > 0)
    .sort((a, b) => b.width * b.height - a.width * a.height);
}

/** The grey detection copy turned by `degrees` about its centre, on a canvas that holds all of it. */
function rotatedView(grey: GreyImage, degrees: number): { view: GreyImage; toView: Affine } {
  const angle = (degrees * Math.PI) / 180;
  const cos = Math.abs(Math.cos(angle));
  const sin = Math.abs(Math.sin(angle));
  const width = Math.ceil(grey.width * cos + grey.height * sin);
  const height = Math.ceil(grey.width * sin + grey.height * cos);
  const centre = { x: (grey.width - 1) / 2, y: (grey.height - 1) / 2 };
  const shift: Affine = [1, 0, 0, 1, (width - 1) / 2 - centre.x, (height - 1) / 2 - centre.y];
  const toView = composeAffine(shift, rotationAbout(centre, angle));
  const view = sampleAffine({ ...grey, channels: 1 }, invertAffine(toView), width, height);
  return { view: { data: view.data, width, height }, toView };
}

/** The rare path: nothing upright was found, so look on copies turned by ±20° and ±40°. */
async function detectRotated(
  grey: GreyImage,
  scale: number,
  addon: DlibAddon,
  upsample: number,
): Promise<DetectedFaces> {
  for (const degrees of retryAngles) {
    const { view, toView } = rotatedView(grey, degrees);
    const rects = await addon.detectFaces(view.data, view.width, view.height, upsample);
    if (rects.length === 0) continue;
    // image pixels → detection copy → rotated copy → back at the image's scale.
    const toSmall: Affine = [scale, 0, 0, scale, 0.5 * scale - 0.5, 0.5 * scale - 0.5];
    // The boxes are scaled back by 1/scale alone, as toImageBoxes does for upright finds.
    const toLarge: Affine = [1 / scale, 0, 0, 1 / scale, 0, 0];
    const imageToView = composeAffine(toLarge, composeAffine(toView, toSmall));
    const boxes = toImageBoxes(rects, scale, {
      width: Number.POSITIVE_INFINITY,
      height: Number.POSITIVE_INFINITY,
    });
    const viewToImage = invertAffine(imageToView);
    const faces = boxes.map((box) => {
      const corners = [
        [box.x, box.y],
        [box.x + box.width, box.y],
        [box.x, box.y + box.height],
        [box.x + box.width, box.y + box.height],
      ].map(([x, y]) => applyAffine(viewToImage, { x: x!, y: y! }));
      const x = Math.min(...corners.map((p) => p.x));
      const y = Math.min(...corners.map((p) => p.y));
      return {
        x,
        y,
        width: Math.max(...corners.map((p) => p.x)) - x,
        height: Math.max(...corners.map((p) => p.y)) - y,
      };
    });
    return { faces, rotated: { degrees, imageToView, boxes } };
  }
  return { faces: [], rotated: null };
}

async function scaledCopy(image: RgbImage, scale: number): Promise<RgbImage> {
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer();
  return { data, width, height };
}

/** Rounds a face box to whole pixels, for reporting. */
export function roundedBox(box: FaceBox): FaceBox {
  return {
    x: Math.round(box.x),
    y: Math.round(box.y),
    width: Math.round(box.width),
    height: Math.round(box.height),
  };
}
