/**
 * The chart of an assessment: one bar per step and principle, in rubric order, coloured by the
 * band its score falls in, each labelled with its id, title, score and band name; the overall
 * score and band above. Pure: assessment in, SVG out.
 */
import type { Assessment } from '../../score/result.js';
import { bandShown } from '../basis-text.js';
import { bandKey, bandLegend } from './legend.js';
import { bandColour, bandOf, NO_BAND, type BandMark } from './palette.js';
import { el, svgRoot, textEl, type ChartOptions, type SvgChart } from './svg.js';
import { oneLine } from '../text.js';
import { fitText, textWidth } from './text-fit.js';

const WIDTH = 760;
const PAD = 16;
const BAR_WIDTH = 520;
const BAR_HEIGHT = 14;
const ROW = 37;

/** "59.4 / 100" */
const outOf100 = (score: number): string => `${score} / 100`;

/**
 * What a bar says after it, in bold and plain: its score and band, that the area does not apply,
 * or that nothing in it is answered yet (a 0 then is what is missing, not "Not local yet").
 */
export function areaValue(score: number | null, bands: readonly BandMark[], unanswered = false): [string, string] {
  if (score === null) return ['n/a', 'does not apply'];
  if (unanswered) return ['–', 'not answered yet'];
  return [String(score), bandOf(score, bands).band.name];
}

/** Every question of the area that applies is unanswered. */
const nothingAnswered = (area: Assessment['rubrics'][number]['areas'][number]): boolean =>
  area.questions.some((q) => q.status === 'unanswered') && area.questions.every((q) => q.status === 'unanswered' || q.status === 'not-applicable');

/** The overall line as the report's heading says it: "Overall: 59.4 / 100, Developing". */
export const overallLine = (a: Assessment): string => `Overall: ${outOf100(a.overall.score)}, ${bandShown(a)}`;

export function areaChart(a: Assessment, bands: readonly BandMark[], options: ChartOptions = {}): SvgChart {
  const body: string[] = [];
  const inner = WIDTH - 2 * PAD;
  let y = PAD + 12;
  if (options.heading !== false) {
    body.push(textEl('text', { x: PAD, y: PAD + 16, 'font-size': 17, 'font-weight': 'bold' }, fitText(overallLine(a), inner, 17)));
    y += 30;
  }
  const legend = bandLegend(bands, PAD, y, inner);
  body.push(...legend.body);
  y += legend.height;

  const x0 = PAD;
  const describe: string[] = [];
  for (const r of a.rubrics) {
    y += 10;
    const heading = `${r.title}: ${r.score === null ? 'n/a' : outOf100(r.score)}${r.band ? `, ${r.band.name}` : ''}`;
    body.push(textEl('text', { x: x0, y: y + 8, 'font-size': 13, 'font-weight': 'bold' }, fitText(heading, inner, 13)));
    y += 14;
    for (const area of r.areas) {
      const open = nothingAnswered(area);
      const [figure, words] = areaValue(area.score, bands, open);
      const colour = area.score === null || open ? NO_BAND : bandColour(bandOf(area.score, bands).rank, bands.length);
      const idWidth = textWidth(`${area.id} `, 12) + 2;
      const barY = y + 18;
      const filled = area.score === null ? 0 : (Math.max(0, Math.min(100, area.score)) / 100) * BAR_WIDTH;
      describe.push(`${area.id} ${area.title}: ${figure}, ${words}`);
      body.push(
        el(
          'g',
          { class: 'kil-bar', 'data-area': area.id },
          textEl('title', {}, `${area.id} ${area.title}: ${area.score === null ? words : `${outOf100(area.score)}, ${words}`}`),
          el(
            'text',
            { x: x0, y: y + 12, class: 'kil-bar-label' },
            textEl('tspan', { 'font-weight': 'bold' }, area.id),
            textEl('tspan', { x: x0 + idWidth }, fitText(area.title, inner - idWidth, 12)),
          ),
          el('rect', { x: x0, y: barY, width: BAR_WIDTH, height: BAR_HEIGHT, fill: '#f4f4f4', stroke: '#9a9a9a', 'stroke-width': 0.75 }),
          filled > 0 ? el('rect', { x: x0, y: barY, width: filled, height: BAR_HEIGHT, fill: colour.fill, stroke: colour.stroke }) : '',
          // Where each band starts, marked on the bar, so it can be read against the thresholds.
          ...bands
            .filter((b) => b.min > 0 && b.min < 100)
            .map((b) => {
              // White under dark dashes: the mark shows on a pale bar and on a dark one.
              const line = { x1: x0 + (b.min / 100) * BAR_WIDTH, y1: barY - 2, x2: x0 + (b.min / 100) * BAR_WIDTH, y2: barY + BAR_HEIGHT + 2 };
              return el('g', {}, el('line', { ...line, stroke: '#ffffff', 'stroke-width': 2 }), el('line', { ...line, stroke: '#222222', 'stroke-width': 1, 'stroke-dasharray': '2 2' }));
            }),
          el(
            'text',
            { x: x0 + BAR_WIDTH + 10, y: barY + 11.5, class: 'kil-bar-value' },
            textEl('tspan', { 'font-weight': 'bold' }, figure),
            textEl('tspan', { x: x0 + BAR_WIDTH + 10 + textWidth(`${figure} `, 12) + 2 }, fitText(words, inner - BAR_WIDTH - 12 - textWidth(`${figure} `, 12), 12)),
          ),
        ),
      );
      y += ROW;
    }
  }
  // The scale under the bars: 0, each band's start, 100 (a label that would touch the last is left out).
  let lastRight = -Infinity;
  for (const mark of [...new Set([0, ...bands.map((b) => b.min), 100])].sort((p, q) => p - q)) {
    const x = x0 + (mark / 100) * BAR_WIDTH;
    const w = textWidth(String(mark), 11);
    if (x - w / 2 < lastRight + 6) continue;
    body.push(textEl('text', { x, y: y + 8, 'font-size': 11, 'text-anchor': 'middle', fill: '#333333' }, String(mark)));
    lastRight = x + w / 2;
  }
  y += 8 + PAD;

  const title = `Keep it Local scores by step and principle: ${oneLine(a.contract.title)}`;
  const desc = `${overallLine(a)}. Bands: ${bands.map(bandKey).join('; ')}. ${describe.join('; ')}.`;
  return svgRoot('kil-areas', { width: WIDTH, height: y }, title, desc, body);
}
