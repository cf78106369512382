/**
 * `kil profile` as markdown, JSON and CSV. Pure: the report in, text out (in pieces, so that the
 * profiles of thousands of buyers are written as they are made). Text from contract files goes
 * through mdText (markdown) or plainText and formula neutralising (CSV).
 */
import { INDICATORS } from '../profile/indicators.js';
import { BUYER_KINDS } from '../profile/kind.js';
import type { Benchmark } from '../profile/peers.js';
import type { BuyerProfile, Indicator } from '../profile/profile.js';
import { gathered } from './chunks.js';
import { csvRecord, neutraliseFormula } from './csv.js';
import { MARKDOWN as m } from './markup.js';
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
  PROFILE_FORMAT_VERSION,
  PROFILE_TITLE,
  QUARTER_COLUMNS,
  quarterRows,
  sizeLineText,
  SUMMARY_COLUMNS,
  summaryRow,
  type ProfileReport,
} from './profile-words.js';
import { REPORT_MARKER } from './report.js';
import { mdText, plainText, visiblePath } from './text.js';

const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
const rule = (numeric: readonly number[], n: number): string => `|${Array.from({ length: n }, (_, i) => (numeric.includes(i) ? '---:' : '---')).join('|')}|`;
/** A file's path as code, so that no character in it is read as markdown. */
/** A path as code in a table cell: a backtick would end the code, and GFM splits cells at a | even inside code. */
const pathCell = (path: string): string => `\`${visiblePath(path).replaceAll('`', "'").replaceAll('|', '\\|')}\``;

function* table(header: readonly string[], rows: readonly (readonly string[])[], numeric: readonly number[] = []): Generator<string> {
  yield row(header);
  yield rule(numeric, header.length);
  for (const r of rows) yield row(r);
  yield '';
}

function* buyerMarkdown(r: ProfileReport, p: BuyerProfile): Generator<string> {
  yield `## ${mdText(p.name)}`;
  yield '';
  yield `${buyerLead(p)} Key: \`${p.key}\`.`;
  yield '';
  const aliases = buyerAliasesLine(p, m);
  if (aliases !== undefined) yield* [aliases, ''];
  yield* table(INDICATOR_COLUMNS, indicatorRows(p, r.benchmarks.get(p.key)!, r.rules, m));
  yield '### Contracts by procedure';
  yield '';
  yield* table(PROCEDURE_COLUMNS, procedureRows(p, m), [1, 2, 3]);
  yield '### Direct awards by quarter';
  yield '';
  yield* table(QUARTER_COLUMNS, quarterRows(p, m), [1, 2, 3]);
  yield '### Largest contracts';
  yield '';
  if (p.largest.length === 0) yield* ['No contract publishes a value.', ''];
  else yield* table(LARGEST_COLUMNS, largestRows(p, m, pathCell), [1]);
}

/** profile.md (or --format md), line by line, gathered into blocks. */
export function profileMarkdownChunks(r: ProfileReport): Generator<string> {
  function* lines(): Generator<string> {
    yield* [REPORT_MARKER, '', `# ${PROFILE_TITLE}`, ''];
    yield* [inputsLine(r), '', missingLine, '', benchmarkLine(r), '', sizeLineText(r, m), '', localityLine(r, m), ''];
    if (r.profiles.length > 1) {
      yield* ['## Buyers', ''];
      yield* table(SUMMARY_COLUMNS, r.profiles.map((p) => summaryRow(p, m, mdText(p.name))), [2, 3, 4, 5]);
    }
    for (const p of r.profiles) yield* buyerMarkdown(r, p);
    yield* ['## Definitions', ''];
    yield* table(DEFINITION_COLUMNS, definitionRows(m));
    if (r.inputs.failed.length > 0) {
      yield* [`## ${FAILURES_HEADING}`, ''];
      for (const f of r.inputs.failed) {
        yield `- ${mdText(visiblePath(f.path))}`;
        for (const e of f.errors) yield `  - ${mdText(e)}`;
      }
      yield '';
    }
  }
  function* withNewlines(): Generator<string> {
    for (const l of lines()) yield `${l}\n`;
  }
  return gathered(withNewlines());
}

function indicatorJson(i: Indicator, b: Benchmark) {
  return { value: i.value, publishedBy: i.n, contracts: i.m, ...(i.detail ? { detail: i.detail } : {}), benchmark: b };
}

function buyerJson(r: ProfileReport, p: BuyerProfile) {
  const b = r.benchmarks.get(p.key)!;
  return {
    name: p.name,
    key: p.key,
    kind: p.kind,
    kindLabel: BUYER_KINDS[p.kind],
    alsoNamed: p.alsoNamed,
    identifiers: p.identifiers,
    contracts: p.contracts,
    value: { value: p.value.value, publishedBy: p.value.n, contracts: p.value.m },
    indicators: Object.fromEntries(INDICATORS.map((d) => [d.id, indicatorJson(p.indicators[d.id], b[d.id])])),
    procedures: p.procedures,
    directAwardsByQuarter: p.directAwardsByQuarter,
    largest: p.largest,
  };
}

/** --format json: the whole report; buyers one at a time. */
export function* profileJsonChunks(r: ProfileReport): Generator<string> {
  const head = {
    generator: 'kil',
    format: PROFILE_FORMAT_VERSION,
    kind: 'profile',
    kilVersion: r.meta.toolVersion,
    date: r.meta.date,
    rules: { minContracts: r.rules.minContracts, minPeers: r.rules.minPeers, percentile: benchmarkLine(r) },
    sizeLine: r.sizeLine,
    locality: r.postcodeTable !== undefined ? 'table' : 'postcode-district-and-area',
    postcodeTable: r.postcodeTable ?? null,
    inputs: { ...r.inputs, failed: r.inputs.failed.map((f) => ({ path: f.path, errors: f.errors })) },
    indicators: INDICATORS,
  };
  const text = JSON.stringify(head, null, 2);
  yield `${text.slice(0, -2)},\n  "buyers": [`;
  let first = true;
  for (const p of r.profiles) {
    yield `${first ? '\n' : ',\n'}    ${JSON.stringify(buyerJson(r, p), null, 2).replaceAll('\n', '\n    ')}`;
    first = false;
  }
  yield `${first ? '' : '\n  '}]\n}\n`;
}

export const PROFILE_CSV_COLUMNS = ['buyer', 'buyer_key', 'kind', 'contracts', 'indicator', 'value', 'unit', 'published_by', 'percentile', 'peers', 'benchmark', 'detail'] as const;

const cellText = (s: string): string => neutraliseFormula(plainText(s));

/** --format csv: one row per buyer and figure (long form, for a spreadsheet's pivot table). */
export function* profileCsvChunks(r: ProfileReport): Generator<string> {
  yield csvRecord(PROFILE_CSV_COLUMNS);
  for (const p of r.profiles) {
    const b = r.benchmarks.get(p.key)!;
    const start = [cellText(p.name), p.key, p.kind, p.contracts] as const;
    const out: string[] = [];
    const figure = (indicator: string, value: number | null, unit: string, n: number | '', bench?: Benchmark, detail = '') =>
      out.push(
        csvRecord([
          ...start,
          indicator,
          value === null ? '' : value,
          unit,
          n,
          bench?.status === 'percentile' ? Math.round(bench.percentile * 10) / 10 : '',
          bench && 'peers' in bench ? bench.peers : '',
          bench ? (value === null ? 'not-published' : bench.status) : value === null ? 'not-published' : '',
          detail,
        ]),
      );
    figure('value_total', p.value.value, 'GBP', p.value.n);
    for (const d of INDICATORS) {
      const i = p.indicators[d.id];
      figure(d.id, i.value, d.unit, i.n, b[d.id], i.detail);
    }
    for (const l of p.procedures) {
      figure(`contracts_by_procedure:${l.procedure ?? 'not-published'}`, l.contracts, 'contracts', '');
      figure(`value_by_procedure:${l.procedure ?? 'not-published'}`, l.value, 'GBP', l.valued);
    }
    for (const q of p.directAwardsByQuarter) figure(`direct_awards_in:${q.quarter ?? 'no-date'}`, q.directAwards, 'contracts', q.withProcedure);
    yield out.join('');
  }
}
