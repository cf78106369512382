/**
 * The portfolio's wording, written once against a Markup so that portfolio.md and
 * portfolio.html say the same things in the same words. Pure.
 */
import type { Portfolio, RankingEntry } from '../portfolio/portfolio.js';
import { formatMoney } from '../facts/money.js';
import type { Markup } from './markup.js';
import { showScore, type ReportMeta } from './report-words.js';
import { visiblePath } from './text.js';

export const PORTFOLIO_TITLE = 'Keep it Local portfolio';

const contracts = (n: number): string => `${n} contract${n === 1 ? '' : 's'}`;

/** "Assessed on 2026-11-22 with kil 0.1.0: 4 contracts assessed, 1 failed." */
export const assessedLine = (p: Portfolio, meta: ReportMeta, m: Markup): string =>
  `Assessed on ${m.own(meta.date)} with kil ${m.text(meta.toolVersion)}${meta.rubricSet ? ` on the rubric set ${m.text(meta.rubricSet.title)} (${m.text(meta.rubricSet.id)} ${m.text(meta.rubricSet.version)})` : ''}: ${contracts(p.assessed)} assessed, ${p.failed} failed.`;

export const provisionalLine = (p: Portfolio): string | undefined =>
  p.provisional > 0
    ? `${p.provisional} of them ${p.provisional === 1 ? 'is' : 'are'} provisional (${p.provisionalBand.replace(/^Provisional: /, '')} for a band) and ${p.provisional === 1 ? 'is' : 'are'} listed apart, not in the bands, mean, median or ranking.`
    : undefined;

export const meanLine = (p: Portfolio): string => `Mean score ${showScore(p.mean)}, median ${showScore(p.median)}${p.provisional > 0 ? ' (finished contracts)' : ''}. ${valueLine(p)}`;

/** "Weighted by value, the mean score is 41.3, over £7.3m in 5 contracts (1 without a value left out)." */
export function valueLine(p: Portfolio): string {
  const v = p.byValue;
  const without = v.withoutValue > 0 ? ` (${v.withoutValue} without a value left out)` : '';
  if (v.mean === null) return `No finished contract states a value, so there is no mean weighted by value${without}.`;
  return `Weighted by value, the mean score is ${v.mean}, over ${formatMoney(v.total)} in ${contracts(v.contracts)}${without}.`;
}

export const BANDS_HEADING = 'Contracts by band';
export const BAND_COLUMNS = ['Band', 'From', 'Contracts', 'Value', 'Share of value'] as const;
export const bandRows = (p: Portfolio, m: Markup): string[][] =>
  p.bands.map((b, i) => {
    const v = p.byValue.bands[i]!;
    return [m.text(b.name), String(b.min), String(b.count), formatMoney(v.value), v.pct === null ? 'n/a' : `${v.pct}%`];
  });

export const AREAS_HEADING = 'Steps and principles, weakest first';

export const RECURRING_HEADING = 'Recurring recommendations';
const RECURRING_NOTE = 'in the top five recommendations of';
export const recurringItems = (p: Portfolio, m: Markup): string[] =>
  p.recurring.map((r) => `${m.strong(m.text(r.questionId))} (${m.text(r.areaTitle)}), ${RECURRING_NOTE} ${contracts(r.contracts)}: ${m.text(r.do)}`);

const valueCell = (r: RankingEntry): string => (r.totalValue === null ? 'not stated' : formatMoney(r.totalValue));

export const RANKING_HEADING = 'Contracts from least to most local';
export const NONE_FINISHED = 'None finished.';
export const RANKING_COLUMNS = ['#', 'Contract', 'Buyer', 'Value', 'Score', 'Band', 'File'] as const;
/** A ranking row; `contract` is the contract's cell (a link to its report where there is one). */
export const rankingRow = (r: RankingEntry, i: number, contract: string, m: Markup): string[] => [String(i + 1), contract, m.text(r.buyer), valueCell(r), String(r.score), m.text(r.band), m.text(visiblePath(r.path))];

export const PROVISIONAL_NOTE = 'Too little is answered in these for a band to mean anything, so they are ranked apart, least answered first. Their reports say which questions to answer.';
export const PROVISIONAL_COLUMNS = ['#', 'Contract', 'Buyer', 'Value', 'Coverage', 'Score so far', 'File'] as const;
export const provisionalRow = (r: RankingEntry, i: number, contract: string, m: Markup): string[] => [String(i + 1), contract, m.text(r.buyer), valueCell(r), `${r.coveragePct}%`, String(r.score), m.text(visiblePath(r.path))];

export const FAILURES_HEADING = 'Files that could not be assessed';
export const NONE = 'None.';
