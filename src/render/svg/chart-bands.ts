/**
 * The portfolio's band distribution: one bar per band with its count, then the provisional
 * contracts and the files that failed, which have no band. Each bar is labelled with its name
 * and count. Pure.
 */
import type { Portfolio } from '../../portfolio/portfolio.js';
import { bandKey } from './legend.js';
import { bandColour, NO_BAND, type BandColour, type BandMark } from './palette.js';
import { el, svgRoot, textEl, type ChartOptions, type SvgChart } from './svg.js';
import { fitText } from './text-fit.js';

const WIDTH = 760;
const PAD = 16;
const LABEL_WIDTH = 260;
const BAR_MAX = 360;
const ROW = 28;

export const BANDS_TITLE = 'Contracts by band';
/** What the chart calls the files kil could not assess. */
export const FAILED_LABEL = 'Could not be assessed';

const contracts = (n: number): string => `${n} contract${n === 1 ? '' : 's'}`;

export function bandsChart(p: Portfolio, bands: readonly BandMark[], options: ChartOptions = {}): SvgChart {
  const entries: { label: string; count: number; colour: BandColour; dashed: boolean }[] = p.bands.map((b, i) => ({
    label: bandKey(b),
    count: b.count,
    colour: bandColour(i, bands.length),
    dashed: false,
  }));
  if (p.provisional > 0) entries.push({ label: p.provisionalBand, count: p.provisional, colour: NO_BAND, dashed: true });
  if (p.failed > 0) entries.push({ label: FAILED_LABEL, count: p.failed, colour: NO_BAND, dashed: true });
  const most = Math.max(1, ...entries.map((e) => e.count));

  const body: string[] = [];
  let y = PAD;
  if (options.heading !== false) {
    body.push(textEl('text', { x: PAD, y: PAD + 16, 'font-size': 15, 'font-weight': 'bold' }, BANDS_TITLE));
    y += 32;
  }
  for (const e of entries) {
    const w = (e.count / most) * BAR_MAX;
    const x = PAD + LABEL_WIDTH;
    body.push(
      el(
        'g',
        { class: 'kil-band-bar' },
        textEl('title', {}, `${e.label}: ${contracts(e.count)}`),
        textEl('text', { x: PAD, y: y + 15 }, fitText(e.label, LABEL_WIDTH - 10, 12)),
        w > 0 ? el('rect', { x, y: y + 3, width: w, height: ROW - 10, fill: e.colour.fill, stroke: e.colour.stroke, 'stroke-dasharray': e.dashed ? '4 2' : undefined }) : '',
        textEl('text', { x: x + w + 8, y: y + 15, 'font-weight': 'bold' }, contracts(e.count)),
      ),
    );
    y += ROW;
  }
  y += PAD;
  const desc = `${entries.map((e) => `${e.label}: ${contracts(e.count)}`).join('; ')}.`;
  return svgRoot('kil-bands', { width: WIDTH, height: y }, `Keep it Local portfolio: ${BANDS_TITLE}`, desc, body);
}
