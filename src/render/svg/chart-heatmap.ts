/**
 * The portfolio's heatmap: one row per contract (least local first, then the provisional ones),
 * one column per step and principle (weakest first), each cell coloured by the band its score
 * falls in and showing the score. Contract titles are user text: cut to fit, in full in the
 * row's tooltip, always escaped. Pure.
 */
import type { Portfolio } from '../../portfolio/portfolio.js';
import { bandKey, bandLegend } from './legend.js';
import { bandColour, bandOf, NO_BAND, type BandMark } from './palette.js';
import { el, svgRoot, textEl, type ChartOptions, type SvgChart } from './svg.js';
import { oneLine } from '../text.js';
import { fitText, textWidth } from './text-fit.js';

const WIDTH = 760;
const PAD = 16;
const LABEL_WIDTH = 270;
const OVERALL_WIDTH = 54;
const ROW = 22;
const CELL_GAP = 2;

export const HEATMAP_TITLE = 'Contracts by step and principle, least local first';

function cell(x: number, y: number, w: number, score: number | null, bands: readonly BandMark[], banded = true): string {
  const colour = score === null || !banded ? NO_BAND : bandColour(bandOf(score, bands).rank, bands.length);
  return el(
    'g',
    {},
    el('rect', { x, y, width: w, height: ROW - CELL_GAP, fill: colour.fill, stroke: colour.stroke, 'stroke-width': 0.75 }),
    textEl('text', { x: x + w / 2, y: y + 14, 'text-anchor': 'middle', 'font-size': 11, fill: score === null ? '#555555' : colour.ink }, score === null ? 'n/a' : String(score)),
  );
}

export function heatmapChart(p: Portfolio, bands: readonly BandMark[], options: ChartOptions = {}): SvgChart {
  const body: string[] = [];
  const inner = WIDTH - 2 * PAD;
  let y = PAD + 12;
  if (options.heading !== false) {
    body.push(textEl('text', { x: PAD, y: PAD + 16, 'font-size': 15, 'font-weight': 'bold' }, HEATMAP_TITLE));
    y += 28;
  }
  const legend = bandLegend(bands, PAD, y, inner);
  body.push(...legend.body);
  y += legend.height;

  const columns = p.areas;
  const gridX = PAD + LABEL_WIDTH + OVERALL_WIDTH + 6;
  const cellWidth = columns.length === 0 ? 0 : Math.min(48, (WIDTH - PAD - gridX) / columns.length);
  // The header: what each column is.
  body.push(textEl('text', { x: PAD, y: y + 12, 'font-weight': 'bold' }, 'Contract'));
  body.push(textEl('text', { x: PAD + LABEL_WIDTH + OVERALL_WIDTH / 2, y: y + 12, 'font-weight': 'bold', 'text-anchor': 'middle' }, 'Overall'));
  columns.forEach((a, i) => {
    body.push(textEl('text', { x: gridX + i * cellWidth + cellWidth / 2 - CELL_GAP / 2, y: y + 12, 'font-weight': 'bold', 'text-anchor': 'middle' }, fitText(a.id, cellWidth - 2, 12)));
  });
  y += ROW;

  const rows = p.heatmap.rows;
  if (rows.length === 0) {
    body.push(textEl('text', { x: PAD, y: y + 14 }, 'No contracts assessed.'));
    y += ROW;
  }
  let provisionalShown = false;
  for (const r of rows) {
    if (r.provisional && !provisionalShown) {
      provisionalShown = true;
      y += 6;
      body.push(textEl('text', { x: PAD, y: y + 14, 'font-style': 'italic' }, `${p.provisionalBand}: ranked apart, least answered first; their overall has no band`));
      y += ROW;
    }
    const overall = `${r.score} / 100, ${r.provisional ? p.provisionalBand : bandOf(r.score, bands).band.name}`;
    const title = oneLine(r.title); // so that the tooltip reads "title: score", however the title ends
    body.push(
      el(
        'g',
        { class: 'kil-heatmap-row' },
        textEl('title', {}, `${title}: ${overall}`),
        textEl('text', { x: PAD, y: y + 14, class: 'kil-contract' }, fitText(r.title, LABEL_WIDTH - 8, 12)),
        cell(PAD + LABEL_WIDTH, y, OVERALL_WIDTH - CELL_GAP, r.score, bands, !r.provisional),
        ...r.scores.map((s, i) => cell(gridX + i * cellWidth, y, cellWidth - CELL_GAP, s, bands)),
      ),
    );
    y += ROW;
  }
  if (p.heatmap.notShown > 0) {
    y += 4;
    body.push(textEl('text', { x: PAD, y: y + 14, 'font-style': 'italic' }, `… and ${p.heatmap.notShown} more contract${p.heatmap.notShown === 1 ? '' : 's'}, not shown here; the ranking lists them all.`));
    y += ROW;
  }

  // The key: each column's step or principle in full, with its mean across the contracts.
  y += 12;
  body.push(textEl('text', { x: PAD, y: y + 12, 'font-weight': 'bold' }, 'Columns, weakest first'));
  y += 20;
  for (const a of columns) {
    const idWidth = textWidth(`${a.id} `, 12) + 2;
    const mean = a.mean === null ? 'n/a' : `mean ${a.mean}`;
    body.push(
      el(
        'text',
        { x: PAD, y: y + 12, class: 'kil-key' },
        textEl('tspan', { 'font-weight': 'bold' }, a.id),
        textEl('tspan', { x: PAD + idWidth }, fitText(`${a.title} (${mean})`, inner - idWidth, 12)),
      ),
    );
    y += 18;
  }
  y += PAD;

  const count = p.assessed;
  const desc =
    `${count} contract${count === 1 ? '' : 's'} assessed. Bands: ${bands.map(bandKey).join('; ')}. ` +
    `Steps and principles, weakest first: ${columns.map((a) => `${a.id} ${a.title} (${a.mean === null ? 'n/a' : `mean ${a.mean}`})`).join('; ')}. ` +
    `Contracts, least local first: ${rows.map((r) => `${oneLine(r.title)} (${r.score}${r.provisional ? ', provisional' : ''})`).join('; ')}${p.heatmap.notShown > 0 ? `; and ${p.heatmap.notShown} more` : ''}.`;
  return svgRoot('kil-heatmap', { width: WIDTH, height: y }, `Keep it Local portfolio: ${HEATMAP_TITLE}`, desc, body);
}
