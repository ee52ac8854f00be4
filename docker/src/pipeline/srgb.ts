/** sRGB ↔ linear light, as 256-entry and 4096-entry tables (the touch-up works in linear light). */

export const srgbToLinear: Float32Array = (() => {
  const table = new Float32Array(256);
  for (let i = 0; i < 256; i += 1) {
    const v = i / 255;
    table[i] = v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }
  return table;
})();

const steps = 4096;
const linearTable: Uint8Array = (() => {
  const table = new Uint8Array(steps + 1);
  for (let i = 0; i <= steps; i += 1) {
    const v = i / steps;
    const s = v <= 0.0031308 ? v * 12.92 : 1.055 * v ** (1 / 2.4) - 0.055;
    table[i] = Math.round(Math.min(1, Math.max(0, s)) * 255);
  }
  return table;
})();

export function linearToSrgb(value: number): number {
  const index = value <= 0 ? 0 : value >= 1 ? steps : Math.round(value * steps);
  return linearTable[index]!;
}

/** Rec. 709 luminance of a linear-light pixel. */
export function luminance(r: number, g: number, b: number): number {
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
