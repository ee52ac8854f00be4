/** An upright, 8-bit sRGB image as packed raw pixels: the form every stage after decoding works on. */
export interface RgbImage {
  /** width * height * 3 bytes, R G B per pixel, rows top to bottom. */
  data: Buffer;
  width: number;
  height: number;
}

/** An 8-bit single-channel image (luma or alpha). */
export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Rec. 601 luma, as dlib's own rgb → grey conversion uses. */
export function toGrey(image: RgbImage): GreyImage {
  const { data, width, height } = image;
  const grey = new Uint8Array(width * height);
  for (let i = 0, j = 0; i < grey.length; i += 1, j += 3) {
    grey[i] = (data[j]! * 299 + data[j + 1]! * 587 + data[j + 2]! * 114 + 500) / 1000;
  }
  return { data: grey, width, height };
}
