/**
 * The guides drawn over a document photo: the measured crown, chin and eye lines, and the bands
 * where the document allows the crown (given the chin) and the eye line. In output pixels, so the
 * app's SVG and the tests' rendered pictures draw the same thing.
 */
import { type PixelSize, rangeAsRatio } from './documentGeometry.ts';
import type { PhotoDocument } from './documentTypes.ts';
import type { ResultMeasurements } from './domain.ts';

export interface GuideLine {
  id: 'crown' | 'chin' | 'eyes';
  label: string;
  y: number;
}

export interface GuideBand {
  id: 'crown-band' | 'eye-band';
  label: string;
  top: number;
  bottom: number;
}

export interface OverlayGuides {
  lines: GuideLine[];
  bands: GuideBand[];
}

export function overlayGuides(doc: PhotoDocument, m: ResultMeasurements, size: PixelSize): OverlayGuides {
  const H = size.height;
  const lines: GuideLine[] = [
    { id: 'crown', label: 'crown', y: m.crown_y },
    { id: 'eyes', label: 'eyes', y: m.eye_line_y },
    { id: 'chin', label: 'chin', y: m.chin_y },
  ];
  const bands: GuideBand[] = [];
  if (doc.headHeight) {
    // With the chin where it is, the crown must lie this far above it.
    const head = rangeAsRatio(doc, doc.headHeight, 'height');
    bands.push({
      id: 'crown-band',
      label: 'allowed crown',
      top: m.chin_y - head.max * H,
      bottom: m.chin_y - head.min * H,
    });
  }
  if (doc.eyeLineFromBottom) {
    const eyes = rangeAsRatio(doc, doc.eyeLineFromBottom, 'height');
    bands.push({
      id: 'eye-band',
      label: 'allowed eye line',
      top: H - eyes.max * H,
      bottom: H - eyes.min * H,
    });
  }
  return { lines, bands };
}

/** The guides as an SVG document over a `size` photo (for pictures written by tests and exports). */
export function overlaySvg(
  guides: OverlayGuides,
  size: PixelSize,
  status: 'pass' | 'check' | 'fail',
): string {
  const colour = { pass: '#17a34a', check: '#d99a00', fail: '#d92d20' }[status];
  const stroke = Math.max(1, Math.round(size.width / 200));
  const font = Math.max(10, Math.round(size.width / 28));
  const bands = guides.bands
    .map(
      (b) =>
        `<rect x="0" y="${b.top}" width="${size.width}" height="${Math.max(0, b.bottom - b.top)}" fill="${b.id === 'eye-band' ? '#2f80ed' : '#17a34a'}" fill-opacity="0.22"/>`,
    )
    .join('');
  const lines = guides.lines
    .map(
      (l) =>
        `<line x1="0" x2="${size.width}" y1="${l.y}" y2="${l.y}" stroke="${colour}" stroke-width="${stroke}" stroke-dasharray="${stroke * 6} ${stroke * 3}"/>` +
        `<text x="${stroke * 3}" y="${l.y - stroke * 2}" font-family="sans-serif" font-size="${font}" fill="${colour}" stroke="white" stroke-width="${stroke / 2}" paint-order="stroke">${l.label}</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}" viewBox="0 0 ${size.width} ${size.height}">${bands}${lines}</svg>`;
}
