/** The portfolio as markdown (portfolio.md), JSON and a terminal table. Pure. */
import { formatMoney } from '../facts/money.js';
import { byCodeUnit } from '../model/order-text.js';
import type { ContractRow } from '../portfolio/contract-row.js';
import type { PortfolioMovement } from '../portfolio/movement.js';
import type { Portfolio, RankingEntry } from '../portfolio/portfolio.js';
import { JSON_FORMAT_VERSION } from './json.js';
import { CHUNK, gathered } from './chunks.js';
import { MARKDOWN as m } from './markup.js';
import {
  AREAS_HEADING,
  assessedLine,
  BAND_COLUMNS,
  bandRows,
  BANDS_HEADING,
  FAILURES_HEADING,
  meanLine,
  valueLine,
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
import { movementLine, movementMarkdown } from './portfolio-movement.js';
import { plansMarkdown } from './portfolio-plans.js';
import { bar, linkTarget, REPORT_MARKER, showScore, type ReportMeta } from './report.js';
import { mdText, plainText, visiblePath } from './text.js';

export interface PortfolioMarkdownOptions {
  /** The band chart's and the heatmap's SVG files, relative to portfolio.md: shown as images. */
  charts?: { bands: string; heatmap: string };
  /** The movement since a baseline (kil batch --baseline). */
  movement?: PortfolioMovement;
}

export function renderPortfolioMarkdown(p: Portfolio, meta: ReportMeta, options: PortfolioMarkdownOptions = {}): string {
  return `${[...portfolioMarkdownLines(p, meta, options)].join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/**
 * The same text as renderPortfolioMarkdown, in pieces: a portfolio of 50,000 contracts is written
 * out as it is made, never held whole. Runs of blank lines fold to one and the end is trimmed,
 * as there.
 */
export function* portfolioMarkdownChunks(p: Portfolio, meta: ReportMeta, options: PortfolioMarkdownOptions = {}): Generator<string> {
  let block = '';
  let blank = false;
  let first = true;
  let held = ''; // trailing white space, written only if more text follows (trimEnd)
  const put = (text: string) => {
    const kept = text.trimEnd();
    if (kept === '') {
      held += text;
      return;
    }
    block += held + kept;
    held = text.slice(kept.length);
  };
  for (const line of portfolioMarkdownLines(p, meta, options)) {
    if (line === '' && !first) {
      blank = true;
      continue;
    }
    put(first ? line : blank ? `\n\n${line}` : `\n${line}`);
    first = false;
    blank = false;
    if (block.length >= CHUNK) {
      yield block;
      block = '';
    }
  }
  yield `${block}\n`;
}

/** Every line of portfolio.md, blank runs not yet folded. */
function* portfolioMarkdownLines(p: Portfolio, meta: ReportMeta, options: PortfolioMarkdownOptions): Generator<string> {
  const out: string[] = [REPORT_MARKER, '', `# ${PORTFOLIO_TITLE}`, ''];
  out.push(assessedLine(p, meta, m), '');
  const provisional = provisionalLine(p);
  if (provisional) out.push(provisional, '');
  out.push(meanLine(p), '');

  out.push(`## ${BANDS_HEADING}`, '');
  if (options.charts) out.push(`![${BANDS_ALT}](${linkTarget(options.charts.bands)})`, '');
  out.push(`| ${BAND_COLUMNS.join(' | ')} |`, '|---|---:|---:|---:|---:|');
  for (const row of bandRows(p, m)) out.push(`| ${row.join(' | ')} |`);
  out.push('');

  out.push(`## ${AREAS_HEADING}`, '');
  if (options.charts) out.push(`![${HEATMAP_ALT}](${linkTarget(options.charts.heatmap)})`, '');
  out.push('| Step or principle | Mean | | Contracts |', '|---|---:|---|---:|');
  for (const a of p.areas) out.push(`| ${mdText(a.title)} | ${showScore(a.mean)} | \`${bar(a.mean)}\` | ${a.contracts} |`);
  out.push('');

  out.push(`## ${RECURRING_HEADING}`, '');
  if (p.recurring.length === 0) out.push(NONE, '');
  for (const item of recurringItems(p, m)) out.push(`- ${item}`);
  if (p.recurring.length > 0) out.push('');

  out.push(`## ${RANKING_HEADING}`, '');
  yield* out;
  // The rankings and failures grow with the batch: one line at a time.
  if (p.ranking.length === 0) yield* [NONE_FINISHED, ''];
  else {
    yield* [`| ${RANKING_COLUMNS.join(' | ')} |`, '|---:|---|---|---:|---:|---|---|'];
    for (const [i, r] of p.ranking.entries()) yield `| ${rankingRow(r, i, contractLink(r), m).join(' | ')} |`;
    yield '';
  }

  if (p.provisionalRanking.length > 0) {
    yield* [`## ${p.provisionalBand}`, ''];
    yield* [PROVISIONAL_NOTE, ''];
    yield* [`| ${PROVISIONAL_COLUMNS.join(' | ')} |`, '|---:|---|---|---:|---:|---:|---|'];
    for (const [i, r] of p.provisionalRanking.entries()) yield `| ${provisionalRow(r, i, contractLink(r), m).join(' | ')} |`;
    yield '';
  }

  if (options.movement) yield* movementMarkdown(options.movement, contractLink, m);
  yield* plansMarkdown(p, meta.date, contractLink, m);

  yield* [`## ${FAILURES_HEADING}`, ''];
  if (p.failures.length === 0) yield* [NONE, ''];
  for (const f of p.failures) {
    yield `- ${mdText(visiblePath(f.path))}`;
    for (const e of f.errors) yield `  - ${mdText(e)}`;
  }
}

/** Alt text of the portfolio's charts in portfolio.md. */
export const BANDS_ALT = 'Chart: how many contracts are in each band';
export const HEATMAP_ALT = 'Chart: each contract by step and principle, least local first, coloured by band';

const contractLink = (r: { title: string; report: string | null }): string => (r.report ? `[${mdText(r.title)}](${encodeURI(r.report)})` : mdText(r.title));

const portfolioDoc = (p: Portfolio, meta: ReportMeta, movement: PortfolioMovement | undefined) => ({
  generator: 'kil',
  format: JSON_FORMAT_VERSION,
  kind: 'portfolio',
  kilVersion: meta.toolVersion,
  assessedOn: meta.date,
  rubricSet: meta.rubricSet ?? null,
  // The heatmap repeats some contracts' areas, which `contracts` holds for all.
  portfolio: { ...p, heatmap: undefined, ...(movement ? { movement } : {}) },
});

export function renderPortfolioJson(p: Portfolio, rows: readonly ContractRow[], meta: ReportMeta, movement?: PortfolioMovement): string {
  return `${JSON.stringify({ ...portfolioDoc(p, meta, movement), contracts: rows }, null, 2)}\n`;
}

/** One contract of the JSON's `contracts`, as renderPortfolioJson indents it (two levels in). */
export function contractJson(row: ContractRow): string {
  return `    ${JSON.stringify(row, null, 2).replaceAll('\n', '\n    ')}`;
}

/**
 * The same text as renderPortfolioJson, in pieces, for a batch of any size: `contracts` is the
 * text of the `contracts` array's `count` elements (each from contractJson, joined by ",\n"),
 * which a batch keeps outside memory as it goes.
 */
export function* portfolioJsonChunks(
  p: Portfolio,
  meta: ReportMeta,
  contracts: { count: number; text: Iterable<string> },
  movement?: PortfolioMovement,
): Generator<string> {
  // Everything but the closing brace: the contracts follow the portfolio.
  let block = '';
  for (const piece of jsonChunks(portfolioDoc(p, meta, movement), 0)) {
    block += piece;
    if (block.length >= CHUNK) {
      yield block;
      block = '';
    }
  }
  block = block.slice(0, -'\n}'.length);
  if (contracts.count === 0) {
    yield `${block},\n  "contracts": []\n}\n`;
    return;
  }
  yield `${block},\n  "contracts": [\n`;
  yield* contracts.text;
  yield '\n  ]\n}\n';
}

/**
 * JSON.stringify(value, null, 2) nested `depth` levels in, in pieces: objects and arrays down to
 * three levels are written member by member, so a ranking of 50,000 entries is never one string.
 */
function* jsonChunks(value: unknown, depth: number): Generator<string> {
  const inner = '  '.repeat(depth + 1);
  const close = '  '.repeat(depth);
  if (depth < 3 && Array.isArray(value) && value.length > 0) {
    yield '[';
    for (const [i, item] of value.entries()) {
      yield `${i === 0 ? '' : ','}\n${inner}`;
      yield* jsonChunks(item === undefined || typeof item === 'function' ? null : item, depth + 1);
    }
    yield `\n${close}]`;
    return;
  }
  const members = depth < 3 && isPlainObject(value) ? Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function') : [];
  if (members.length > 0) {
    yield '{';
    for (const [i, [key, v]] of members.entries()) {
      yield `${i === 0 ? '' : ','}\n${inner}${JSON.stringify(key)}: `;
      yield* jsonChunks(v, depth + 1);
    }
    yield `\n${close}}`;
    return;
  }
  yield (JSON.stringify(value, null, 2) ?? 'null').replaceAll('\n', `\n${close}`);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

/**
 * A plain table for the terminal, in path order, then the provisional contracts apart (also in
 * path order), then the portfolio figures.
 */
export function renderPortfolioTable(p: Portfolio, movement?: PortfolioMovement): string {
  return `${[...portfolioTableLines(p, movement)].join('\n')}\n`;
}

/** The same text as renderPortfolioTable, in pieces (for a batch of any size). */
export function* portfolioTableChunks(p: Portfolio, movement?: PortfolioMovement): Generator<string> {
  function* lines(): Generator<string> {
    for (const line of portfolioTableLines(p, movement)) yield `${line}\n`;
  }
  yield* gathered(lines());
}

/** At most `max` characters: a notice's title can run to a paragraph. */
const shortened = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);

function* portfolioTableLines(p: Portfolio, movement: PortfolioMovement | undefined): Generator<string> {
  let bandWidth = 6;
  for (const r of p.ranking) bandWidth = Math.max(bandWidth, plainText(r.band).length);
  const line = (score: string, band: string, coverage: string, path: string, named?: RankingEntry) =>
    `${score.padStart(5)}  ${band.padEnd(bandWidth)}  ${coverage.padStart(8)}  ${named ? `${shortened(plainText(named.title), 60)}, ${shortened(plainText(named.buyer), 40)}: ` : ''}${visiblePath(path)}`;
  const inPathOrder = <T extends { path: string }>(xs: readonly T[]): T[] => [...xs].sort((a, b) => byCodeUnit(a.path, b.path));
  yield `${'SCORE'.padStart(5)}  ${'BAND'.padEnd(bandWidth)}  COVERAGE  CONTRACT`;
  // Lines are made as they are written: a batch of 50,000 contracts never holds them all.
  const entries = inPathOrder<{ path: string; ranked?: RankingEntry }>([...p.ranking.map((r) => ({ path: r.path, ranked: r })), ...p.failures.map((f) => ({ path: f.path }))]);
  for (const { path, ranked } of entries) yield ranked ? line(String(ranked.score), plainText(ranked.band), `${ranked.coveragePct}%`, path, ranked) : line('-', 'FAILED', '', path);
  if (p.provisional > 0) {
    yield* ['', `${p.provisionalBand} (no band; not in the figures below):`];
    for (const r of inPathOrder(p.provisionalRanking)) yield line(String(r.score), '', `${r.coveragePct}%`, r.path, r);
  }
  yield '';
  const provisional = p.provisional > 0 ? ` (${p.provisional} of the assessed provisional)` : '';
  yield `${p.assessed} assessed, ${p.failed} failed${provisional}; mean ${showScore(p.mean)}, median ${showScore(p.median)}`;
  yield `By band: ${p.bands.map((b) => `${plainText(b.name)} ${b.count}`).join(', ')}`;
  const v = p.byValue;
  yield v.mean === null
    ? valueLine(p)
    : `By value: ${formatMoney(v.total)} in ${v.contracts} (mean ${v.mean} weighted by value): ${v.bands.map((b) => `${plainText(b.name)} ${b.pct}%`).join(', ')}${v.withoutValue > 0 ? `; ${v.withoutValue} without a value left out` : ''}`;
  const weakest = p.areas.filter((a) => a.mean !== null).slice(0, 3);
  if (weakest.length > 0) yield `Weakest: ${weakest.map((a) => `${plainText(a.title)} (${a.mean})`).join('; ')}`;
  const owners = p.actionPlans.overdueByOwner;
  if (owners.length > 0) yield `Overdue actions: ${p.actionPlans.overdue} (${owners.map((o) => `${plainText(o.owner)} ${o.actions.length}`).join(', ')})`;
  if (movement) yield movementLine(movement);
}
