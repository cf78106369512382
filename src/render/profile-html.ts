/**
 * `kil profile` as one self-contained HTML page (profile.html), like portfolio.html: the figures
 * and definitions, then each buyer with its indicator table and two charts. Pure; text from
 * contract files goes through htmlText.
 */
import { gathered, pieces } from './chunks.js';
import { element, h, htmlPageChunks, kilFooter, table } from './html-page.js';
import { HTML as m } from './markup.js';
import {
  benchmarkLine,
  buyerAliasesLine,
  buyerLead,
  DEFINITION_COLUMNS,
  definitionRows,
  FAILURES_HEADING,
  INDICATOR_COLUMNS,
  indicatorRows,
  inputsLine,
  LARGEST_COLUMNS,
  largestRows,
  localityLine,
  missingLine,
  PROCEDURE_COLUMNS,
  procedureRows,
  PROFILE_TITLE,
  QUARTER_COLUMNS,
  quarterRows,
  sizeLineText,
  SUMMARY_COLUMNS,
  summaryRow,
  type ProfileReport,
} from './profile-words.js';
import { procedureChart, PROCEDURE_CHART_TITLE, quarterChart, QUARTER_CHART_TITLE } from './svg/chart-profile.js';
import { visiblePath } from './text.js';
import type { BuyerProfile } from '../profile/profile.js';

const paragraph = (html: string, attrs = {}): string => h('p', attrs, html);
const anchor = (p: BuyerProfile): string => `buyer-${p.key}`;

function buyerSection(r: ProfileReport, p: BuyerProfile): string {
  return h(
    'section',
    { id: anchor(p), class: 'page' },
    h('h2', {}, m.text(p.name)),
    paragraph(`${m.own(buyerLead(p))} Key: ${m.code(p.key)}.`),
    ...[buyerAliasesLine(p, m)].filter((line) => line !== undefined).map((line) => paragraph(line)),
    table({}, INDICATOR_COLUMNS, indicatorRows(p, r.benchmarks.get(p.key)!, r.rules, m)),
    h('h3', {}, PROCEDURE_CHART_TITLE),
    h('figure', { class: 'chart' }, procedureChart(p, { heading: false }).svg),
    table({ class: 'narrow' }, PROCEDURE_COLUMNS, procedureRows(p, m), { numeric: [1, 2, 3] }),
    h('h3', {}, QUARTER_CHART_TITLE),
    h('figure', { class: 'chart' }, quarterChart(p, { heading: false }).svg),
    table({ class: 'narrow' }, QUARTER_COLUMNS, quarterRows(p, m), { numeric: [1, 2, 3] }),
    h('h3', {}, 'Largest contracts'),
    p.largest.length === 0 ? paragraph('No contract publishes a value.') : table({}, LARGEST_COLUMNS, largestRows(p, m, (path) => m.code(visiblePath(path))), { numeric: [1] }),
  );
}

/** The page in pieces of about 64 KiB, a buyer's section at a time. */
export function profileHtmlChunks(r: ProfileReport): Generator<string> {
  function* body(): Generator<string> {
    yield h(
      'header',
      {},
      h('h1', {}, PROFILE_TITLE),
      paragraph(m.own(inputsLine(r)), { class: 'lead' }),
      paragraph(m.own(missingLine)),
      paragraph(m.own(benchmarkLine(r))),
      paragraph(sizeLineText(r, m)),
      paragraph(localityLine(r, m)),
    );
    if (r.profiles.length > 1) {
      const rows = r.profiles.map((p) => summaryRow(p, m, h('a', { href: `#${anchor(p)}` }, m.text(p.name))));
      yield* pieces('\n', h('section', {}, h('h2', {}, 'Buyers'), table({}, SUMMARY_COLUMNS, rows, { numeric: [2, 3, 4, 5] })));
    }
    for (const p of r.profiles) yield* pieces('\n', buyerSection(r, p));
    yield* pieces('\n', h('section', { class: 'page' }, h('h2', {}, 'Definitions'), table({}, DEFINITION_COLUMNS, definitionRows(m))));
    if (r.inputs.failed.length > 0) {
      yield* pieces(
        '\n',
        h('section', {}, h('h2', {}, FAILURES_HEADING), h('ul', {}, ...r.inputs.failed.map((f) => h('li', {}, m.text(visiblePath(f.path)), h('ul', {}, ...f.errors.map((e) => h('li', {}, m.text(e)))))))),
      );
    }
    yield '\n';
    yield kilFooter(r.meta);
    yield '\n';
  }
  return gathered(htmlPageChunks(PROFILE_TITLE, element('main', {}, body())));
}
