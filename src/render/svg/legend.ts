/** The band key every chart carries: a swatch per band with its name and where it starts. Pure. */
import { bandColour, type BandMark } from './palette.js';
import { el, textEl } from './svg.js';
import { fitText, textWidth } from './text-fit.js';

const SWATCH = 12;
const GAP = 18;

/** "Developing from 40": the same words as the report's method section. */
export const bandKey = (b: BandMark): string => `${b.name} from ${b.min}`;

/**
 * The legend from (x, y) across `width`, wrapping to a new line when an entry would not fit.
 * Returns the elements and the height used.
 */
export function bandLegend(bands: readonly BandMark[], x: number, y: number, width: number): { body: string[]; height: number } {
  const body: string[] = [];
  let cx = x;
  let cy = y;
  bands.forEach((b, i) => {
    const colour = bandColour(i, bands.length);
    const label = fitText(bandKey(b), width - SWATCH - 6, 12);
    const entry = SWATCH + 6 + textWidth(label, 12);
    if (cx > x && cx + entry > x + width) {
      cx = x;
      cy += 20;
    }
    body.push(
      el('g', { class: 'kil-legend' }, el('rect', { x: cx, y: cy - 10, width: SWATCH, height: SWATCH, fill: colour.fill, stroke: colour.stroke }), textEl('text', { x: cx + SWATCH + 6, y: cy }, label)),
    );
    cx += entry + GAP;
  });
  return { body, height: cy - y + 20 };
}
