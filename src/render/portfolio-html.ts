/**
 * The portfolio as one self-contained HTML page (portfolio.html): the figures, the band chart
 * and the heatmap first, then the tables of portfolio.md. Pure: portfolio in, HTML out; the
 * wording is portfolio-words.ts's, and contract titles and paths go through htmlText.
 *
 * The page is a list of sections: to add one, write a function and put it in
 * PORTFOLIO_HTML_SECTIONS where it belongs.
 */
import type { Portfolio } from '../portfolio/portfolio.js';
import { gathered, pieces } from './chunks.js';
import { element, h, htmlPageChunks, kilFooter, table, tableChunks } from './html-page.js';
import { HTML as m } from './markup.js';
import {
  AREAS_HEADING,
  assessedLine,
  BAND_COLUMNS,
  bandRows,
  BANDS_HEADING,
  FAILURES_HEADING,
  meanLine,
  NONE,
  NONE_FINISHED,
  PORTFOLIO_TITLE,
  PROVISIONAL_COLUMNS,
  PROVISIONAL_NOTE,
  provisionalLine,
  provisionalRow,
  RANKING_COLUMNS,
  RANKING_HEADING,
  rankingRow,
  RECURRING_HEADING,
  recurringItems,
} from './portfolio-words.js';
import type { PortfolioMovement } from '../portfolio/movement.js';
import {
  MOVEMENT_AREA_COLUMNS,
  MOVEMENT_AREAS_HEADING,
  MOVEMENT_CONTRACT_COLUMNS,
  MOVEMENT_CONTRACTS_HEADING,
  MOVEMENT_HEADING,
  movementAreaRows,
  movementContractRows,
  movementLead,
  newAndGone,
  NONE_IN_BOTH,
  PROVISIONAL_MOVEMENT_NOTE,
} from './portfolio-movement.js';
import {
  ALL_PLANNED,
  NO_PLAN,
  NONE_OVERDUE,
  OVERDUE_COLUMNS,
  OVERDUE_HEADING,
  overdueRows,
  PLANS_HEADING,
  plansLine,
  WITHOUT_ACTION_COLUMNS,
  WITHOUT_ACTION_HEADING,
  WITHOUT_ACTION_NOTE,
  withoutActionRows,
} from './portfolio-plans.js';
import { showScore, type ReportMeta } from './report-words.js';
import { bandsChart } from './svg/chart-bands.js';
import { heatmapChart, HEATMAP_TITLE } from './svg/chart-heatmap.js';
import { visiblePath } from './text.js';

export interface PortfolioHtmlInput {
  p: Portfolio;
  meta: ReportMeta;
  /** The movement since a baseline (kil batch --baseline). */
  movement?: PortfolioMovement;
}

/**
 * A section's HTML, or '' for none. The sections with a row per contract give theirs in pieces
 * (an iterable), so that the page of a batch of 50,000 contracts is written, never held, whole.
 */
export type PortfolioHtmlSection = (input: PortfolioHtmlInput) => string | Iterable<string>;

const paragraph = (html: string, attrs = {}): string => h('p', attrs, html);

/**
 * A contract's name, linked to its report when there is one. The report's file name is made of
 * safe characters only (reportFileName); it is escaped all the same.
 */
const contractCell = (r: { title: string; report: string | null }): string => (r.report ? h('a', { href: r.report }, m.text(r.title)) : m.text(r.title));

export const portfolioHeaderSection: PortfolioHtmlSection = ({ p, meta }) => {
  const provisional = provisionalLine(p);
  return h('header', {}, h('h1', {}, PORTFOLIO_TITLE), paragraph(assessedLine(p, meta, m), { class: 'lead' }), provisional ? paragraph(m.own(provisional)) : '', paragraph(m.own(meanLine(p))));
};

export const bandsSection: PortfolioHtmlSection = ({ p }) =>
  h('section', { class: 'keep' }, h('h2', {}, BANDS_HEADING), h('figure', { class: 'chart' }, bandsChart(p, p.bands, { heading: false }).svg), table({ class: 'narrow' }, BAND_COLUMNS, bandRows(p, m), { numeric: [1, 2, 3, 4] }));

export const heatmapSection: PortfolioHtmlSection = ({ p }) => h('section', {}, h('h2', {}, HEATMAP_TITLE), h('figure', { class: 'chart' }, heatmapChart(p, p.bands, { heading: false }).svg));

export const areasSection: PortfolioHtmlSection = ({ p }) =>
  h(
    'section',
    { class: 'keep' },
    h('h2', {}, AREAS_HEADING),
    table(
      {},
      ['Step or principle', 'Mean', 'Contracts'],
      p.areas.map((a) => [`${m.strong(m.text(a.id))} ${m.text(a.title)}`, showScore(a.mean), String(a.contracts)]),
      { numeric: [1, 2] },
    ),
  );

export const recurringSection: PortfolioHtmlSection = ({ p }) =>
  h('section', {}, h('h2', {}, RECURRING_HEADING), p.recurring.length === 0 ? paragraph(NONE) : h('ul', {}, ...recurringItems(p, m).map((i) => h('li', {}, i))));

/** Each element's row, made as it is written. */
function* rows<T>(xs: readonly T[], row: (x: T, i: number) => string[]): Generator<string[]> {
  for (const [i, x] of xs.entries()) yield row(x, i);
}

export const rankingSection: PortfolioHtmlSection = ({ p }) => {
  if (p.ranking.length === 0) return h('section', {}, h('h2', {}, RANKING_HEADING), paragraph(NONE_FINISHED));
  const ranking = tableChunks({ class: 'ranking' }, RANKING_COLUMNS, rows(p.ranking, (r, i) => rankingRow(r, i, contractCell(r), m)), { numeric: [0, 3, 4], columns: ['rank', 'contract', 'buyer', 'value', 'score', 'band', 'file'] });
  return element('section', {}, pieces(h('h2', {}, RANKING_HEADING), ranking));
};

export const provisionalSection: PortfolioHtmlSection = ({ p }) => {
  if (p.provisionalRanking.length === 0) return '';
  const ranking = tableChunks({ class: 'ranking' }, PROVISIONAL_COLUMNS, rows(p.provisionalRanking, (r, i) => provisionalRow(r, i, contractCell(r), m)), { numeric: [0, 3, 4, 5], columns: ['rank', 'contract', 'buyer', 'value', 'coverage', 'so-far', 'file'] });
  return element('section', {}, pieces(h('h2', {}, m.own(p.provisionalBand)), paragraph(PROVISIONAL_NOTE), ranking));
};

/** The movement since the baseline (kil batch --baseline); nothing without one. Its contract tables and lists come in pieces. */
export const movementSection: PortfolioHtmlSection = ({ movement: mv }) => {
  if (!mv) return '';
  const parts: (string | Iterable<string>)[] = [h('h2', {}, MOVEMENT_HEADING), ...movementLead(mv, m).map((l) => paragraph(l))];
  if (mv.matched === 0) parts.push(paragraph(NONE_IN_BOTH));
  else {
    parts.push(h('h3', {}, MOVEMENT_AREAS_HEADING), table({}, MOVEMENT_AREA_COLUMNS, movementAreaRows(mv, m), { numeric: [1, 2, 3, 4] }));
    parts.push(h('h3', {}, MOVEMENT_CONTRACTS_HEADING), tableChunks({ class: 'ranking' }, MOVEMENT_CONTRACT_COLUMNS, movementContractRows(mv, contractCell, m), { numeric: [1, 2, 3], columns: ['contract', 'score', 'score', 'score', 'file'] }));
    if (mv.contracts.some((c) => c.provisional)) parts.push(paragraph(PROVISIONAL_MOVEMENT_NOTE));
  }
  for (const { heading, items } of newAndGone(mv, m)) parts.push(h('h3', {}, heading), element('ul', {}, listItems(items)));
  return element('section', {}, pieces(...parts));
};

function* listItems(items: Iterable<string>): Generator<string> {
  for (const i of items) yield h('li', {}, i);
}

/** Overdue actions by owner (there may be one per contract: in pieces), and the top recommendations no action covers. */
export const actionPlansSection: PortfolioHtmlSection = ({ p, meta }) => {
  const heading = h('h2', {}, PLANS_HEADING);
  if (p.actionPlans.contracts === 0) return h('section', {}, heading, paragraph(m.own(NO_PLAN).replace('actions:', m.code('actions:'))));
  const overdue = p.actionPlans.overdueByOwner.length === 0 ? paragraph(NONE_OVERDUE) : tableChunks({}, OVERDUE_COLUMNS, overdueRows(p, contractCell, m), { numeric: [5] });
  const without = withoutActionRows(p, m);
  return element(
    'section',
    {},
    pieces(
      heading,
      paragraph(m.own(plansLine(p, meta.date))),
      h('h3', {}, OVERDUE_HEADING),
      overdue,
      h('h3', {}, WITHOUT_ACTION_HEADING),
      without.length === 0 ? paragraph(m.own(ALL_PLANNED)) : paragraph(m.own(WITHOUT_ACTION_NOTE)) + table({}, WITHOUT_ACTION_COLUMNS, without, { numeric: [2, 3] }),
    ),
  );
};

export const failuresSection: PortfolioHtmlSection = ({ p }) =>
  h(
    'section',
    {},
    h('h2', {}, FAILURES_HEADING),
    p.failures.length === 0 ? paragraph(NONE) : h('ul', {}, ...p.failures.map((f) => h('li', {}, m.text(visiblePath(f.path)), h('ul', {}, ...f.errors.map((e) => h('li', {}, m.text(e))))))),
  );

export const portfolioFooterSection: PortfolioHtmlSection = ({ meta }) => kilFooter(meta);

/** The page, in order: the figures and charts first, then the tables. */
export const PORTFOLIO_HTML_SECTIONS: readonly PortfolioHtmlSection[] = [
  portfolioHeaderSection,
  bandsSection,
  heatmapSection,
  areasSection,
  recurringSection,
  rankingSection,
  provisionalSection,
  movementSection,
  actionPlansSection,
  failuresSection,
  portfolioFooterSection,
];

export function renderPortfolioHtml(p: Portfolio, meta: ReportMeta, sections: readonly PortfolioHtmlSection[] = PORTFOLIO_HTML_SECTIONS, options: { movement?: PortfolioMovement } = {}): string {
  return [...portfolioHtmlChunks(p, meta, sections, options)].join('');
}

/** The same page in pieces of about 64 KiB, each section's as it is made. */
export function portfolioHtmlChunks(p: Portfolio, meta: ReportMeta, sections: readonly PortfolioHtmlSection[] = PORTFOLIO_HTML_SECTIONS, options: { movement?: PortfolioMovement } = {}): Generator<string> {
  const input = { p, meta, ...options };
  function* body(): Generator<string> {
    for (const section of sections) {
      const html = section(input);
      if (html === '') continue;
      yield* pieces('\n', html);
    }
    yield '\n';
  }
  return gathered(htmlPageChunks(PORTFOLIO_TITLE, element('main', {}, body())));
}
