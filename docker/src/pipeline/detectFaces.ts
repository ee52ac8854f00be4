/**
 * Stage 2: every frontal face in the image, the largest first. Detection runs on a grey copy scaled to
 * about 800 px (HOG cost grows with area; faces in portraits stay far above the ≈ 80 px minimum) and the
 * rects are mapped back. Small images and small faces get dlib's 2× upsampling (≈ 40 px minimum), as
 * does an image where nothing was found, so a group photo's ≈ 40 px faces are still counted.
 */
import sharp from 'sharp';
import type { DlibAddon } from './dlibAddon.ts';
import { type RgbImage, toGrey } from './rgbImage.ts';
import type { FaceBox } from './types.ts';

export const detectionSide = 800;
/** Faces smaller than this (in the detection copy) suggest smaller ones were missed: upsample. */
const smallFaceSide = 100;
/** Detection images smaller than this are upsampled up front. */
const smallImageSide = 400;

export interface DetectedFaces {
  /** Largest first, in the image's pixel coordinates. */
  faces: FaceBox[];
}

export async function detectFaces(image: RgbImage, addon: DlibAddon): Promise<DetectedFaces> {
  const longSide = Math.max(image.width, image.height);
  const scale = longSide > detectionSide ? detectionSide / longSide : 1;
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

  const faces = rects
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
  return { faces };
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
