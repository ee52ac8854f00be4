/**
 * A small synthetic picture for the warm-up run: a light background with a darker oval and two "eyes",
 * enough texture for every model to do real work (nothing here depends on finding a face).
 */
import type { RgbImage } from './rgbImage.ts';

export function warmUpImage(side = 256): RgbImage {
  const data = Buffer.alloc(side * side * 3);
  const c = side / 2;
  for (let y = 0; y < side; y += 1) {
    for (let x = 0; x < side; x += 1) {
      const head = ((x - c) / (side * 0.28)) ** 2 + ((y - c) / (side * 0.36)) ** 2 <= 1;
      const eye = [0.4, 0.6].some(
        (ex) => (x - ex * side) ** 2 + (y - 0.42 * side) ** 2 <= (side * 0.04) ** 2,
      );
      const value = eye ? 40 : head ? 170 : 230;
      const i = (y * side + x) * 3;
      data[i] = value;
      data[i + 1] = head && !eye ? value - 30 : value;
      data[i + 2] = head && !eye ? value - 50 : value;
    }
  }
  return { data, width: side, height: side };
}
