/**
 * Box sums over a clipped (2r+1)² window about every pixel, a row at a time, for the blur-fusion passes
 * (decontaminate.ts). Column sums over the window's rows follow it down the image (one row added, one
 * taken away) and a row's window sums are differences of their running total: a few rows of memory
 * whatever the image's size. A whole-image summed-area table did the same in 4 × the work per plane
 * but held (w + 1)(h + 1) doubles per plane (37 MB for the wide pass at 648²), and on the machines
 * measured here touching that much fresh memory cost more than the arithmetic.
 */

/** Writes row `y`'s values, `planes` per pixel, interleaved, into `out` (width × planes numbers). */
export type RowValues = (y: number, out: Float64Array) => void;

/**
 * One row's window sums: `sum(x, plane)` is the sum over the window about (x, y); `count(x)` how many
 * pixels that window covers after clipping to the image.
 */
export interface WindowRow {
  y: number;
  sum(x: number, plane: number): number;
  count(x: number): number;
}

export function forEachWindowRow(
  width: number,
  height: number,
  planes: number,
  r: number,
  valuesOf: RowValues,
  visit: (row: WindowRow) => void,
): void {
  const columns = new Float64Array(width * planes);
  const entering = new Float64Array(width * planes);
  const leaving = new Float64Array(width * planes);
  const prefix = new Float64Array((width + 1) * planes);
  for (let y = 0; y < Math.min(r, height); y += 1) {
    valuesOf(y, entering);
    for (let k = 0; k < columns.length; k += 1) columns[k] = columns[k]! + entering[k]!;
  }
  let rows = 0;
  const row: WindowRow = {
    y: 0,
    sum: (x, plane) =>
      prefix[Math.min(width, x + r + 1) * planes + plane]! - prefix[Math.max(0, x - r) * planes + plane]!,
    count: (x) => (Math.min(width, x + r + 1) - Math.max(0, x - r)) * rows,
  };
  for (let y = 0; y < height; y += 1) {
    // The window's rows are y − r .. y + r: one row comes in at the bottom, one leaves at the top.
    const enters = y + r < height;
    const leaves = y - r - 1 >= 0;
    if (enters) valuesOf(y + r, entering);
    if (leaves) valuesOf(y - r - 1, leaving);
    if (enters && leaves) {
      for (let k = 0; k < columns.length; k += 1) columns[k] = columns[k]! + entering[k]! - leaving[k]!;
    } else if (enters) {
      for (let k = 0; k < columns.length; k += 1) columns[k] = columns[k]! + entering[k]!;
    } else if (leaves) {
      for (let k = 0; k < columns.length; k += 1) columns[k] = columns[k]! - leaving[k]!;
    }
    for (let k = 0; k < columns.length; k += 1) prefix[k + planes] = prefix[k]! + columns[k]!;
    rows = Math.min(height, y + r + 1) - Math.max(0, y - r);
    row.y = y;
    visit(row);
  }
}

/** A weighted window's mean, or `fallback` where the window has (next to) no weight. */
export function windowMean(sum: number, weight: number, fallback: number): number {
  return weight > 1e-6 ? sum / weight : fallback;
}

/** Weighted box means of `values` (w × h, `channels` interleaved) over (2r+1)² windows, at every pixel. */
export function boxMean(
  values: Float32Array,
  weights: Float32Array,
  width: number,
  height: number,
  channels: number,
  r: number,
): Float32Array {
  const planes = channels + 1;
  const out = new Float32Array(width * height * channels);
  const weighted: RowValues = (y, row) => {
    for (let x = 0, i = y * width; x < width; x += 1, i += 1) {
      for (let c = 0; c < channels; c += 1) row[x * planes + c] = values[i * channels + c]! * weights[i]!;
      row[x * planes + channels] = weights[i]!;
    }
  };
  forEachWindowRow(width, height, planes, r, weighted, (row) => {
    for (let x = 0, i = row.y * width; x < width; x += 1, i += 1) {
      const weight = row.sum(x, channels);
      for (let c = 0; c < channels; c += 1) {
        out[i * channels + c] = windowMean(row.sum(x, c), weight, values[i * channels + c]!);
      }
    }
  });
  return out;
}
