/**
 * Colours for bands, from a band's place in the band list (the rubric's data), never from its
 * name: the lowest band pale red, the highest dark green, those between in order. Luminance
 * falls evenly with every band, so the order reads in greyscale too; the band's name or the score is
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

type Rgb = [number, number, number];

/** HSL (hue in degrees, saturation and lightness 0-1) to RGB bytes, as CSS Color 4 does. */
function rgb(h: number, s: number, l: number): Rgb {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

/** Relative luminance (WCAG 2): what greyscale keeps of a colour, 0 black to 1 white. */
export function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

const hex = (c: Rgb): string => `#${c.map((x) => x.toString(16).padStart(2, '0')).join('')}`;

/**
 * The colour of a hue with a given luminance: lightness found by halving (luminance grows
 * with lightness), so every band has the greyscale value it is meant to have, whatever its hue
 * (a yellow is far lighter than a red of the same HSL lightness).
 */
function withLuminance(hue: number, saturation: number, target: number): Rgb {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (luminance(rgb(hue, saturation, mid)) < target) lo = mid;
    else hi = mid;
  }
  return rgb(hue, saturation, (lo + hi) / 2);
}

/** Luminance of the lowest band's fill and of the highest's: every band between is evenly darker. */
const LIGHTEST = 0.56;
const DARKEST = 0.07;
/** Below this luminance a fill takes white text; at or above, black (either way at least 4.5:1). */
const INK_SWITCH = 0.18;

/** The colour of the band at `rank` (0 = lowest) among `count` bands. */
export function bandColour(rank: number, count: number): BandColour {
  const t = count <= 1 ? 1 : rank / (count - 1);
  const hue = 6 + 124 * t;
  const target = LIGHTEST - (LIGHTEST - DARKEST) * t;
  return {
    fill: hex(withLuminance(hue, 0.62, target)),
    stroke: hex(withLuminance(hue, 0.62, target * 0.3)),
    ink: target < INK_SWITCH ? '#ffffff' : '#000000',
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
