/**
 * A buyer profile's charts: value by procedure, and direct awards by quarter (each quarter's
 * contracts as an outlined bar, its direct awards filled inside it). Horizontal bars, one row
 * each, labelled with the figures, so no label can sit on another and no colour carries
 * meaning alone. Pure.
 */
import { formatMoney } from '../../facts/money.js';
import type { BuyerProfile } from '../../profile/profile.js';
import { procedureName, quarterName } from '../profile-words.js';
import { el, svgRoot, textEl, type ChartOptions, type SvgChart } from './svg.js';
import { fitText } from './text-fit.js';

const WIDTH = 760;
const PAD = 16;
const LABEL_WIDTH = 220;
const BAR_MAX = 360;
const ROW = 26;
const FILL = '#3b6e8f';
const STROKE = '#1d3a4d';
const OUTLINE = '#6b6b6b';

export const PROCEDURE_CHART_TITLE = 'Value by procedure';
export const QUARTER_CHART_TITLE = 'Direct awards by quarter';

/** A chart id unique on the page, from the buyer's key (letters, digits and hyphens only). */
const chartId = (kind: string, p: BuyerProfile): string => `kil-${kind}-${p.key || 'buyer'}`;

function heading(body: string[], title: string, options: ChartOptions): number {
  if (options.heading === false) return PAD;
  body.push(textEl('text', { x: PAD, y: PAD + 16, 'font-size': 15, 'font-weight': 'bold' }, title));
  return PAD + 32;
}

export function procedureChart(p: BuyerProfile, options: ChartOptions = {}): SvgChart {
  const body: string[] = [];
  let y = heading(body, PROCEDURE_CHART_TITLE, options);
  const most = Math.max(1, ...p.procedures.map((l) => l.value ?? 0));
  const said: string[] = [];
  for (const l of p.procedures) {
    const name = procedureName(l.procedure);
    const figure = l.value === null ? `value not published (${l.contracts} contracts)` : `${formatMoney(l.value)} (${l.valued} of ${l.contracts} contracts with a value)`;
    said.push(`${name}: ${figure}`);
    const w = l.value === null ? 0 : (l.value / most) * BAR_MAX;
    const x = PAD + LABEL_WIDTH;
    body.push(
      el(
        'g',
        { class: 'kil-profile-bar' },
        textEl('title', {}, `${name}: ${figure}`),
        textEl('text', { x: PAD, y: y + 15 }, fitText(name, LABEL_WIDTH - 10, 12)),
        w > 0 ? el('rect', { x, y: y + 3, width: Math.max(1, w), height: ROW - 10, fill: FILL, stroke: STROKE }) : '',
        textEl('text', { x: x + w + 8, y: y + 15 }, l.value === null ? 'not published' : formatMoney(l.value)),
      ),
    );
    y += ROW;
  }
  y += PAD;
  return svgRoot(chartId('procedures', p), { width: WIDTH, height: y }, `${p.name}: ${PROCEDURE_CHART_TITLE}`, `${said.join('; ')}.`, body);
}

export function quarterChart(p: BuyerProfile, options: ChartOptions = {}): SvgChart {
  const body: string[] = [];
  let y = heading(body, QUARTER_CHART_TITLE, options);
  const most = Math.max(1, ...p.directAwardsByQuarter.map((q) => q.contracts));
  const said: string[] = [];
  for (const q of p.directAwardsByQuarter) {
    const name = quarterName(q.quarter);
    const figure = `${q.directAwards} direct award${q.directAwards === 1 ? '' : 's'} of ${q.contracts} contract${q.contracts === 1 ? '' : 's'}`;
    said.push(`${name}: ${figure}`);
    const x = PAD + LABEL_WIDTH;
    const all = (q.contracts / most) * BAR_MAX;
    const direct = (q.directAwards / most) * BAR_MAX;
    body.push(
      el(
        'g',
        { class: 'kil-profile-bar' },
        textEl('title', {}, `${name}: ${figure}`),
        textEl('text', { x: PAD, y: y + 15 }, fitText(name, LABEL_WIDTH - 10, 12)),
        el('rect', { x, y: y + 3, width: Math.max(1, all), height: ROW - 10, fill: '#ffffff', stroke: OUTLINE, 'stroke-dasharray': '4 2' }),
        direct > 0 ? el('rect', { x, y: y + 3, width: direct, height: ROW - 10, fill: FILL, stroke: STROKE }) : '',
        textEl('text', { x: x + all + 8, y: y + 15 }, `${q.directAwards} of ${q.contracts}`),
      ),
    );
    y += ROW;
  }
  y += PAD;
  return svgRoot(chartId('quarters', p), { width: WIDTH, height: y }, `${p.name}: ${QUARTER_CHART_TITLE}`, `${said.join('; ')}.`, body);
}
