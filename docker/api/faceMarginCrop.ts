/**
 * The portrait's crop as the API's `face_margin` defines it: margin × the face size on the left, right
 * and below, 1.5 × that above (forehead and hair). Pure, no imports. The app rebuilds an approximate
 * framing from it when an engine does not say how it framed; the engine's cropRect (src/pipeline/
 * cropFace.ts) states the same rule and should call this once the image ships api/ (its Dockerfiles
 * copy only src/ today).
 */
export interface MarginBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function faceMarginCrop(face: MarginBox, faceMargin: number): MarginBox {
  const side = faceMargin * face.width;
  const below = faceMargin * face.height;
  const above = 1.5 * faceMargin * face.height;
  return {
    x: face.x - side,
    y: face.y - above,
    width: face.width + 2 * side,
    height: face.height + above + below,
  };
}
