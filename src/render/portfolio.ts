/** The portfolio as markdown (portfolio.md), JSON and a terminal table. Pure. */
import type { ContractRow } from '../portfolio/contract-row.js';
import type { Portfolio, RankingEntry } from '../portfolio/portfolio.js';
import { PROVISIONAL_BAND } from '../score/result.js';
import { JSON_FORMAT_VERSION } from './json.js';
import { bar, REPORT_MARKER, showScore, type ReportMeta } from './report.js';
import { mdText, plainText, visiblePath } from './text.js';

const RECURRING_NOTE = 'in the top five recommendations of';

export function renderPortfolioMarkdown(p: Portfolio, meta: ReportMeta): string {
  const out: string[] = [REPORT_MARKER, '', '# Keep it Local portfolio', ''];
  out.push(`Assessed on ${meta.date} with kil ${mdText(meta.toolVersion)}: ${p.assessed} contract${p.assessed === 1 ? '' : 's'} assessed, ${p.failed} failed.`, '');
  if (p.provisional > 0) {
    out.push(`${p.provisional} of them ${p.provisional === 1 ? 'is' : 'are'} provisional (too little answered for a band) and ${p.provisional === 1 ? 'is' : 'are'} listed apart, not in the bands, mean, median or ranking.`, '');
  }
  out.push(`Mean score ${showScore(p.mean)}, median ${showScore(p.median)}${p.provisional > 0 ? ' (finished contracts)' : ''}.`, '');

  out.push('## Contracts by band', '', '| Band | From | Contracts |', '|---|---:|---:|');
  for (const b of p.bands) out.push(`| ${mdText(b.name)} | ${b.min} | ${b.count} |`);
  out.push('');

  out.push('## Steps and principles, weakest first', '', '| Step or principle | Mean | | Contracts |', '|---|---:|---|---:|');
  for (const a of p.areas) out.push(`| ${mdText(a.title)} | ${showScore(a.mean)} | \`${bar(a.mean)}\` | ${a.contracts} |`);
  out.push('');

  out.push('## Recurring recommendations', '');
  if (p.recurring.length === 0) out.push('None.', '');
  for (const r of p.recurring) out.push(`- **${mdText(r.questionId)}** (${mdText(r.areaTitle)}), ${RECURRING_NOTE} ${r.contracts} contract${r.contracts === 1 ? '' : 's'}: ${mdText(r.do)}`);
  if (p.recurring.length > 0) out.push('');

  out.push('## Contracts from least to most local', '');
  if (p.ranking.length === 0) out.push('None finished.', '');
  else {
    out.push('| # | Contract | Score | Band | File |', '|---:|---|---:|---|---|');
    p.ranking.forEach((r, i) => out.push(`| ${i + 1} | ${contractLink(r)} | ${r.score} | ${mdText(r.band)} | ${mdText(visiblePath(r.path))} |`));
    out.push('');
  }

  if (p.provisionalRanking.length > 0) {
    out.push(`## ${PROVISIONAL_BAND}`, '');
    out.push('Too little is answered in these for a band to mean anything, so they are ranked apart, least answered first. Their reports say which questions to answer.', '');
    out.push('| # | Contract | Coverage | Score so far | File |', '|---:|---|---:|---:|---|');
    p.provisionalRanking.forEach((r, i) => out.push(`| ${i + 1} | ${contractLink(r)} | ${r.coveragePct}% | ${r.score} | ${mdText(visiblePath(r.path))} |`));
    out.push('');
  }

  out.push('## Files that could not be assessed', '');
  if (p.failures.length === 0) out.push('None.', '');
  for (const f of p.failures) {
    out.push(`- ${mdText(visiblePath(f.path))}`);
    for (const e of f.errors) out.push(`  - ${mdText(e)}`);
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

const contractLink = (r: RankingEntry): string => (r.report ? `[${mdText(r.title)}](${encodeURI(r.report)})` : mdText(r.title));

export function renderPortfolioJson(p: Portfolio, rows: readonly ContractRow[], meta: ReportMeta): string {
  const doc = {
    generator: 'kil',
    format: JSON_FORMAT_VERSION,
    kind: 'portfolio',
    kilVersion: meta.toolVersion,
    assessedOn: meta.date,
    portfolio: p,
    contracts: rows,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * A plain table for the terminal, in path order, then the provisional contracts apart (also in
 * path order), then the portfolio figures.
 */
export function renderPortfolioTable(p: Portfolio): string {
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
  return `${lines.join('\n')}\n`;
}
