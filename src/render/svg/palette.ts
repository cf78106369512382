/**
 * Colours for bands, from a band's place in the band list (the rubric's data), never from its
 * name: the lowest band pale red, the highest dark green, those between in order. Lightness
 * falls with every band, so the order reads in greyscale too; the band's name or the score is
 * always written beside the colour, so no colour carries meaning alone. Pure.
 */
import type { Band } from '../../model/rubric.js';
import { bandFor } from '../../score/score.js';

export interface BandColour {
  /** Fill of a bar or cell. */
  fill: string;
  /** Its outline, darker, so a pale bar stands out on white paper. */
  stroke: string;
  /** Text written on the fill: black on light colours, white on dark. */
  ink: string;
}

function hex(h: number, s: number, l: number): string {
  // HSL to RGB (CSS Color 4), each channel rounded to a byte.
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return `#${[f(0), f(8), f(4)].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** The colour of the band at `rank` (0 = lowest) among `count` bands. */
export function bandColour(rank: number, count: number): BandColour {
  const t = count <= 1 ? 1 : rank / (count - 1);
  const hue = 6 + 124 * t;
  const lightness = 0.8 - 0.52 * t;
  const saturation = 0.7 - 0.2 * t;
  return {
    fill: hex(hue, saturation, lightness),
    stroke: hex(hue, saturation, Math.max(0.15, lightness - 0.35)),
    ink: lightness > 0.5 ? '#000000' : '#ffffff',
  };
}

/** What a chart needs of a band: its name and where it starts (bands are listed lowest first). */
export type BandMark = Pick<Band, 'name' | 'min'>;

/** The band a score falls in (the highest whose min it reaches) and its rank. */
export function bandOf<B extends BandMark>(score: number, bands: readonly B[]): { band: B; rank: number } {
  const band = bandFor(score, bands);
  return { band, rank: bands.indexOf(band) };
}

/** Where no score applies, or a result has no band (provisional). */
export const NO_BAND: BandColour = { fill: '#ffffff', stroke: '#6b6b6b', ink: '#000000' };
