/**
 * What our engine adds to a /process answer's `result` (optional fields: the published image never
 * sends them, and the app must work without them). Pure types, shared by the engine and the app.
 *
 * Coordinates: "source" is the upright photo (EXIF orientation applied), in its pixels; "output" is
 * the delivered portrait, in its pixels; y grows downwards, angles are degrees, positive = clockwise
 * on screen.
 */

export interface Point {
  x: number;
  y: number;
}

/** The geometry the engine applied to the source to make the portrait. */
export interface PortraitTransform {
  /** Upright source size in pixels. */
  source_size: { width: number; height: number };
  /**
   * The whole mapping as an affine matrix [a, b, c, d, e, f]:
   * output.x = a·x + c·y + e, output.y = b·x + d·y + f (canvas setTransform order).
   * This is the truth; the fields below describe it.
   */
  source_to_output: [number, number, number, number, number, number];
  /** The rotation that levelled the eyes, about `rotation_center` (source pixels). */
  rotation_deg: number;
  rotation_center: Point;
  /** Output pixels per source pixel. */
  scale: number;
  /** The output rectangle seen in source pixels before rotation (its corners need not be axis-aligned after it). */
  crop: { x: number; y: number; width: number; height: number };
  /** Output pixels on each side not covered by the photo (the deepest point along the middle half of that side), filled with the extended background. */
  padding: { top: number; right: number; bottom: number; left: number };
}

/** What the engine measured, in output pixels unless a name says ratio or degrees. */
export interface PortraitMeasurements {
  /** Top of the head (hair included), from the segmentation. */
  crown_y: number;
  /** Bottom of the chin, from the landmarks. */
  chin_y: number;
  eye_left: Point;
  eye_right: Point;
  /** Mean y of the two eye centres. */
  eye_line_y: number;
  /** (chin_y − crown_y) / output height. */
  head_height_ratio: number;
  /** Head width across the face (jaw landmarks 0 to 16, where the ears join) / output width. */
  head_width_ratio: number;
  /** (output height − eye_line_y) / output height: the eye line measured from the bottom. */
  eye_line_from_bottom_ratio: number;
  /** (face centre x − output width / 2) / output width; 0 is centred. */
  center_offset_ratio: number;
  /** Roll of the eye line in the source, before levelling. */
  roll_before_deg: number;
  /** Roll left in the delivered portrait. */
  roll_after_deg: number;
  /** Distance between the eye centres in the output. */
  inter_eye_px: number;
  /** The 68 landmarks mapped into the output. */
  landmarks: Point[];
}
