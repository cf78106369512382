/**
 * The portfolio view over many assessed contracts: how many, by band, mean and median, each
 * step's and principle's mean (weakest first), recurring recommendations, the ranking from
 * least to most local, and the files that failed. Pure and deterministic.
 */
import type { Band } from '../model/rubric.js';
import type { ContractRow, FailedFile } from './contract-row.js';

export const RECURRING_SHOWN = 10;

export interface Portfolio {
  assessed: number;
  failed: number;
  bands: { name: string; min: number; count: number }[];
  mean: number | null;
  median: number | null;
  /** Every area's mean across the contracts where it applies, weakest first. */
  areas: { id: string; title: string; mean: number | null; contracts: number }[];
  /** Recommendations by how many contracts have them in their top five. */
  recurring: { questionId: string; areaTitle: string; do: string; contracts: number }[];
  /** Least local first; ties by path. */
  ranking: { path: string; title: string; score: number; band: string; report: string | null }[];
  failures: FailedFile[];
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarisePortfolio(rows: readonly ContractRow[], failures: readonly FailedFile[], bands: readonly Band[]): Portfolio {
  const scores = rows.map((r) => r.score).sort((a, b) => a - b);
  const mean = scores.length === 0 ? null : round1(scores.reduce((s, x) => s + x, 0) / scores.length);
  const med = median(scores);

  const areaTotals = new Map<string, { title: string; sum: number; n: number; order: number }>();
  for (const row of rows) {
    for (const area of row.areas) {
      let t = areaTotals.get(area.id);
      if (!t) areaTotals.set(area.id, (t = { title: area.title, sum: 0, n: 0, order: areaTotals.size }));
      if (area.score !== null) {
        t.sum += area.score;
        t.n += 1;
      }
    }
  }
  const areas = [...areaTotals.entries()]
    .map(([id, t]) => ({ id, title: t.title, mean: t.n === 0 ? null : round1(t.sum / t.n), contracts: t.n, order: t.order }))
    .sort((a, b) => (a.mean ?? Infinity) - (b.mean ?? Infinity) || a.order - b.order)
    .map(({ order: _order, ...area }) => area);

  const recurringCounts = new Map<string, { questionId: string; areaTitle: string; do: string; contracts: number }>();
  for (const row of rows) {
    for (const rec of row.topRecommendations) {
      const key = `${rec.questionId}\u0000${rec.do}`;
      const entry = recurringCounts.get(key);
      if (entry) entry.contracts += 1;
      else recurringCounts.set(key, { questionId: rec.questionId, areaTitle: rec.areaTitle, do: rec.do, contracts: 1 });
    }
  }
  const recurring = [...recurringCounts.values()]
    .sort((a, b) => b.contracts - a.contracts || byPath(a.questionId, b.questionId) || byPath(a.do, b.do))
    .slice(0, RECURRING_SHOWN);

  const bandCounts = bands.map((b) => ({ name: b.name, min: b.min, count: 0 }));
  for (const row of rows) {
    const band = bandCounts.find((b) => b.name === row.band);
    if (band) band.count += 1;
  }

  const ranking = [...rows]
    .sort((a, b) => a.score - b.score || byPath(a.path, b.path))
    .map((r) => ({ path: r.path, title: r.title, score: r.score, band: r.band, report: r.report }));

  return {
    assessed: rows.length,
    failed: failures.length,
    bands: bandCounts,
    mean,
    median: med === null ? null : round1(med),
    areas,
    recurring,
    ranking,
    failures: [...failures].sort((a, b) => byPath(a.path, b.path)),
  };
}
