/** The portfolio as markdown (portfolio.md), JSON and a terminal table. Pure. */
import type { ContractRow } from '../portfolio/contract-row.js';
import type { PortfolioMovement } from '../portfolio/movement.js';
import type { Portfolio } from '../portfolio/portfolio.js';
import { PROVISIONAL_BAND } from '../score/result.js';
import { JSON_FORMAT_VERSION } from './json.js';
import { MARKDOWN as m } from './markup.js';
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
  PROVISIONAL_HEADING,
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
  const out: string[] = [REPORT_MARKER, '', `# ${PORTFOLIO_TITLE}`, ''];
  out.push(assessedLine(p, meta, m), '');
  const provisional = provisionalLine(p);
  if (provisional) out.push(provisional, '');
  out.push(meanLine(p), '');

  out.push(`## ${BANDS_HEADING}`, '');
  if (options.charts) out.push(`![${BANDS_ALT}](${linkTarget(options.charts.bands)})`, '');
  out.push(`| ${BAND_COLUMNS.join(' | ')} |`, '|---|---:|---:|');
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
  if (p.ranking.length === 0) out.push(NONE_FINISHED, '');
  else {
    out.push(`| ${RANKING_COLUMNS.join(' | ')} |`, '|---:|---|---:|---|---|');
    p.ranking.forEach((r, i) => out.push(`| ${rankingRow(r, i, contractLink(r), m).join(' | ')} |`));
    out.push('');
  }

  if (p.provisionalRanking.length > 0) {
    out.push(`## ${PROVISIONAL_HEADING}`, '');
    out.push(PROVISIONAL_NOTE, '');
    out.push(`| ${PROVISIONAL_COLUMNS.join(' | ')} |`, '|---:|---|---:|---:|---|');
    p.provisionalRanking.forEach((r, i) => out.push(`| ${provisionalRow(r, i, contractLink(r), m).join(' | ')} |`));
    out.push('');
  }

  if (options.movement) out.push(...movementMarkdown(options.movement, contractLink, m));
  out.push(...plansMarkdown(p, meta.date, contractLink, m));

  out.push(`## ${FAILURES_HEADING}`, '');
  if (p.failures.length === 0) out.push(NONE, '');
  for (const f of p.failures) {
    out.push(`- ${mdText(visiblePath(f.path))}`);
    for (const e of f.errors) out.push(`  - ${mdText(e)}`);
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** Alt text of the portfolio's charts in portfolio.md. */
export const BANDS_ALT = 'Chart: how many contracts are in each band';
export const HEATMAP_ALT = 'Chart: each contract by step and principle, least local first, coloured by band';

const contractLink = (r: { title: string; report: string | null }): string => (r.report ? `[${mdText(r.title)}](${encodeURI(r.report)})` : mdText(r.title));

export function renderPortfolioJson(p: Portfolio, rows: readonly ContractRow[], meta: ReportMeta, movement?: PortfolioMovement): string {
  const doc = {
    generator: 'kil',
    format: JSON_FORMAT_VERSION,
    kind: 'portfolio',
    kilVersion: meta.toolVersion,
    assessedOn: meta.date,
    // The heatmap repeats some contracts' areas, which `contracts` holds for all.
    portfolio: { ...p, heatmap: undefined, ...(movement ? { movement } : {}) },
    contracts: rows,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * A plain table for the terminal, in path order, then the provisional contracts apart (also in
 * path order), then the portfolio figures.
 */
export function renderPortfolioTable(p: Portfolio, movement?: PortfolioMovement): string {
  const lines: string[] = [];
  const bandWidth = Math.max(6, ...p.ranking.map((r) => plainText(r.band).length));
  const line = (score: string, band: string, coverage: string, path: string) => `${score.padStart(5)}  ${band.padEnd(bandWidth)}  ${coverage.padStart(8)}  ${visiblePath(path)}`;
  const inPathOrder = <T extends { path: string }>(xs: readonly T[]): T[] => [...xs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  lines.push(`${'SCORE'.padStart(5)}  ${'BAND'.padEnd(bandWidth)}  COVERAGE  CONTRACT`);
  const entries = inPathOrder([
    ...p.ranking.map((r) => ({ path: r.path, line: line(String(r.score), plainText(r.band), `${r.coveragePct}%`, r.path) })),
    ...p.failures.map((f) => ({ path: f.path, line: line('-', 'FAILED', '', f.path) })),
  ]);
  for (const e of entries) lines.push(e.line);
  if (p.provisional > 0) {
    lines.push('', `${PROVISIONAL_BAND} (no band; not in the figures below):`);
    for (const r of inPathOrder(p.provisionalRanking)) lines.push(line(String(r.score), '', `${r.coveragePct}%`, r.path));
  }
  lines.push('');
  const provisional = p.provisional > 0 ? ` (${p.provisional} of the assessed provisional)` : '';
  lines.push(`${p.assessed} assessed, ${p.failed} failed${provisional}; mean ${showScore(p.mean)}, median ${showScore(p.median)}`);
  lines.push(`By band: ${p.bands.map((b) => `${plainText(b.name)} ${b.count}`).join(', ')}`);
  const weakest = p.areas.filter((a) => a.mean !== null).slice(0, 3);
  if (weakest.length > 0) lines.push(`Weakest: ${weakest.map((a) => `${plainText(a.title)} (${a.mean})`).join('; ')}`);
  const owners = p.actionPlans.overdueByOwner;
  if (owners.length > 0) lines.push(`Overdue actions: ${p.actionPlans.overdue} (${owners.map((o) => `${plainText(o.owner)} ${o.actions.length}`).join(', ')})`);
  if (movement) lines.push(movementLine(movement));
  return `${lines.join('\n')}\n`;
}
