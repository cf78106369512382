/**
 * The portfolio view over many assessed contracts: how many, by band, mean and median, each
 * step's and principle's mean (weakest first), recurring recommendations, the ranking from
 * least to most local, and the files that failed. Pure and deterministic.
 *
 * A provisional contract (too little answered for its band to mean anything) is ranked apart
 * and left out of the band counts, mean and median; its areas and recommendations still count.
 */
import { detached } from '../model/detached.js';
import { byCodeUnit as byPath } from '../model/order-text.js';
import type { Band } from '../model/rubric.js';
import { PROVISIONAL_BAND } from '../score/result.js';
import type { ContractRow, FailedFile } from './contract-row.js';

export const RECURRING_SHOWN = 10;
/** Rows in the heatmap of contracts by step and principle: the least local ones, then the provisional ones. */
export const HEATMAP_ROWS = 50;

export interface RankingEntry {
  path: string;
  title: string;
  /** Who let it: published notices are told apart by buyer and title, not by their file names. */
  buyer: string;
  /** Whole-life value (with VAT and extensions), null when not stated. */
  totalValue: number | null;
  score: number;
  band: string;
  coveragePct: number;
  report: string | null;
}

/** An overdue action, with the contract it belongs to. */
export interface OverdueAction {
  path: string;
  title: string;
  report: string | null;
  questionId: string;
  do: string;
  due: string;
  points: number;
}

/** The contracts' action plans across the portfolio. */
export interface ActionPlans {
  /** How many contracts have an action plan, and their actions in all. */
  contracts: number;
  actions: number;
  done: number;
  overdue: number;
  /** Overdue actions by owner, owners in code-point order; each owner's earliest due first, then by path. */
  overdueByOwner: { owner: string; actions: OverdueAction[] }[];
  /**
   * Recommendations in contracts' top five that have no action, by question: in how many
   * contracts, and the points they leave at stake there; most points first.
   */
  withoutAction: { questionId: string; areaTitle: string; contracts: number; points: number }[];
}

export interface Portfolio {
  assessed: number;
  failed: number;
  /** Of the assessed, how many are provisional. */
  provisional: number;
  /** Finished (not provisional) contracts by band. */
  bands: { name: string; min: number; count: number }[];
  /** Of the finished contracts' scores. */
  mean: number | null;
  median: number | null;
  /** The finished contracts weighted by their whole-life value: where the money goes, not how many contracts. */
  byValue: ValueWeighted;
  /** Every area's mean across the contracts where it applies, weakest first. */
  areas: { id: string; title: string; mean: number | null; contracts: number }[];
  /** Recommendations by how many contracts have them in their top five. */
  recurring: { questionId: string; areaTitle: string; do: string; contracts: number }[];
  /** Finished contracts, least local first; ties by path. */
  ranking: RankingEntry[];
  /** Provisional contracts, least answered first, then by score and path; `band` is the band the score so far reaches. */
  provisionalRanking: RankingEntry[];
  /** What a provisional contract is called: too little answered, or on a set of published facts, too little published. */
  provisionalBand: string;
  failures: FailedFile[];
  actionPlans: ActionPlans;
  /**
   * Each contract's step and principle scores, `scores` in the order of `areas` (null where an
   * area does not apply): the finished contracts least local first, then the provisional ones,
   * at most HEATMAP_ROWS; `notShown` counts the rest. Left out of the JSON, whose `contracts`
   * hold every contract's areas.
   */
  heatmap: { rows: HeatmapRow[]; notShown: number };
}

export interface ValueWeighted {
  /** Finished contracts with a value, and what they are worth in all (whole-life, with VAT and extensions). */
  contracts: number;
  total: number;
  /** Finished contracts without a value: not in these figures. */
  withoutValue: number;
  /** The mean score weighted by value; null when no finished contract has a value (or all are worth £0). */
  mean: number | null;
  /** The value in each band and its % of the total (null when the total is 0). */
  bands: { name: string; value: number; pct: number | null }[];
}

export interface HeatmapRow {
  path: string;
  title: string;
  score: number;
  provisional: boolean;
  scores: (number | null)[];
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/**
 * What the portfolio keeps of each contract (and the movement since a baseline, its reference): a
 * batch sends no more than this between threads.
 */
export type PortfolioRow = Pick<ContractRow, 'path' | 'title' | 'buyer' | 'reference' | 'totalValue' | 'score' | 'band' | 'provisional' | 'coveragePct' | 'areas' | 'topRecommendations' | 'actions' | 'report'>;

export const portfolioRow = (row: ContractRow): PortfolioRow => ({
  path: row.path,
  title: row.title,
  buyer: row.buyer,
  reference: row.reference,
  totalValue: row.totalValue,
  score: row.score,
  band: row.band,
  provisional: row.provisional,
  coveragePct: row.coveragePct,
  areas: row.areas,
  topRecommendations: row.topRecommendations,
  actions: row.actions,
  report: row.report,
});

/** Finished contracts, least local first; ties by path. */
const rankingOrder = (a: RankingEntry, b: RankingEntry): number => a.score - b.score || byPath(a.path, b.path);
/** Provisional contracts, least answered first, then by score and path. */
const provisionalOrder = (a: RankingEntry, b: RankingEntry): number => a.coveragePct - b.coveragePct || a.score - b.score || byPath(a.path, b.path);

export function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Builds a portfolio one contract at a time, keeping running totals and one small ranking
 * entry per contract, so a batch's memory does not grow with whole results.
 */
export class PortfolioAccumulator {
  private readonly scores: number[] = [];
  private readonly ranking: RankingEntry[] = [];
  private readonly provisional: RankingEntry[] = [];
  private readonly areaTotals = new Map<string, { title: string; sum: number; n: number; order: number }>();
  /** By question: a question counts once per contract, whichever of its advice texts the contract got. */
  private readonly recurringCounts = new Map<string, { questionId: string; areaTitle: string; contracts: number; advice: Map<string, number> }>();
  private readonly bandCounts = new Map<string, number>();
  private readonly bandValues = new Map<string, number>();
  private readonly valued = { contracts: 0, total: 0, weighted: 0, without: 0 };
  private readonly failures: FailedFile[] = [];
  /**
   * Area scores (by the area's `order` in areaTotals) of the contracts that may yet be in the
   * heatmap: the HEATMAP_ROWS least local finished ones and the first HEATMAP_ROWS provisional
   * ones so far, each list in heatmap order. Every other contract's are dropped, so that a
   * batch of 50,000 does not hold 50,000 sets of them.
   */
  private readonly heatmapCandidates = { finished: [] as RankingEntry[], provisional: [] as RankingEntry[] };
  private readonly areaScores = new Map<RankingEntry, (number | null)[]>();
  private readonly plans = { contracts: 0, actions: 0, done: 0 };
  private readonly overdue: (OverdueAction & { owner: string })[] = [];
  private readonly unplanned = new Map<string, ActionPlans['withoutAction'][number]>();

  /**
   * `row.path` and `row.report` are kept as they are: a batch passes the strings it holds for its
   * list of files anyway. The title, cut from the contract's text, is copied.
   */
  add(row: PortfolioRow): void {
    const entry: RankingEntry = {
      path: row.path,
      title: detached(row.title),
      buyer: detached(row.buyer),
      totalValue: row.totalValue,
      score: row.score,
      band: row.band,
      coveragePct: row.coveragePct,
      report: row.report,
    };
    if (row.provisional) this.provisional.push(entry);
    else {
      this.scores.push(row.score);
      this.ranking.push(entry);
      this.bandCounts.set(row.band, (this.bandCounts.get(row.band) ?? 0) + 1);
      this.addValue(row);
    }
    const scores: (number | null)[] = [];
    if (this.mayBeInHeatmap(entry, row.provisional)) this.areaScores.set(entry, scores);
    for (const area of row.areas) {
      let t = this.areaTotals.get(area.id);
      if (!t) this.areaTotals.set(area.id, (t = { title: area.title, sum: 0, n: 0, order: this.areaTotals.size }));
      scores[t.order] = area.score;
      // Means are of the finished contracts, as the headline mean is: a provisional contract's
      // unanswered questions score 0 and would drag a step down for what is missing.
      if (area.score !== null && !row.provisional) {
        t.sum += area.score;
        t.n += 1;
      }
    }
    // Recurring advice is of the finished contracts too: a provisional contract's top entries are
    // "answer this question" (a page that leaves them out of its figures counted them here).
    for (const rec of row.provisional ? [] : row.topRecommendations) {
      let recurring = this.recurringCounts.get(rec.questionId);
      if (!recurring) this.recurringCounts.set(rec.questionId, (recurring = { questionId: rec.questionId, areaTitle: rec.areaTitle, contracts: 0, advice: new Map() }));
      recurring.contracts += 1;
      recurring.advice.set(rec.do, (recurring.advice.get(rec.do) ?? 0) + 1);
      if (!rec.hasAction) {
        const open = this.unplanned.get(rec.questionId);
        if (open) {
          open.contracts += 1;
          open.points += rec.points;
        } else this.unplanned.set(rec.questionId, { questionId: rec.questionId, areaTitle: rec.areaTitle, contracts: 1, points: rec.points });
      }
    }
    this.addActions(row, entry);
  }

  private addValue(row: PortfolioRow): void {
    const value = row.totalValue;
    if (value === null) {
      this.valued.without += 1;
      return;
    }
    this.valued.contracts += 1;
    this.valued.total += value;
    this.valued.weighted += row.score * value;
    this.bandValues.set(row.band, (this.bandValues.get(row.band) ?? 0) + value);
  }

  private byValue(bands: readonly Band[]): ValueWeighted {
    const { contracts, total, weighted, without } = this.valued;
    return {
      contracts,
      total,
      withoutValue: without,
      mean: total > 0 ? round1(weighted / total) : null,
      bands: bands.map((b) => {
        const value = this.bandValues.get(b.name) ?? 0;
        return { name: b.name, value, pct: total > 0 ? round1((100 * value) / total) : null };
      }),
    };
  }

  /** Keeps the entry among the heatmap's candidates if it places high enough, dropping the one it pushes out. */
  private mayBeInHeatmap(entry: RankingEntry, provisional: boolean): boolean {
    const list = provisional ? this.heatmapCandidates.provisional : this.heatmapCandidates.finished;
    const before = provisional ? provisionalOrder : rankingOrder;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(list[mid]!, entry) <= 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= HEATMAP_ROWS) return false;
    list.splice(lo, 0, entry);
    if (list.length > HEATMAP_ROWS) this.areaScores.delete(list.pop()!);
    return true;
  }

  private addActions(row: PortfolioRow, entry: RankingEntry): void {
    if (row.actions.length === 0) return;
    this.plans.contracts += 1;
    this.plans.actions += row.actions.length;
    for (const x of row.actions) {
      if (x.status === 'done') this.plans.done += 1;
      if (x.overdue && x.due !== null) {
        this.overdue.push({ owner: detached(x.owner), path: entry.path, title: entry.title, report: entry.report, questionId: detached(x.questionId), do: detached(x.do), due: x.due, points: x.points });
      }
    }
  }

  addFailure(failed: FailedFile): void {
    this.failures.push(failed);
  }

  summary(bands: readonly Band[], provisionalBand: string = PROVISIONAL_BAND): Portfolio {
    const scores = [...this.scores].sort((a, b) => a - b);
    const mean = scores.length === 0 ? null : round1(scores.reduce((s, x) => s + x, 0) / scores.length);
    const med = median(scores);
    const areas = [...this.areaTotals.entries()]
      .map(([id, t]) => ({ id, title: t.title, mean: t.n === 0 ? null : round1(t.sum / t.n), contracts: t.n, order: t.order }))
      .sort((a, b) => (a.mean ?? Infinity) - (b.mean ?? Infinity) || a.order - b.order)
      .map(({ order: _order, ...area }) => area);
    const ranking = [...this.ranking].sort(rankingOrder);
    const provisionalRanking = [...this.provisional].sort(provisionalOrder);
    const inHeatmap = [...ranking, ...provisionalRanking];
    const provisional = new Set(provisionalRanking);
    const order = areas.map((a) => this.areaTotals.get(a.id)!.order);
    const heatmap = {
      rows: inHeatmap.slice(0, HEATMAP_ROWS).map((r) => {
        const scores = this.areaScores.get(r)!;
        return { path: r.path, title: r.title, score: r.score, provisional: provisional.has(r), scores: order.map((o) => scores[o] ?? null) };
      }),
      notShown: Math.max(0, inHeatmap.length - HEATMAP_ROWS),
    };
    // Each question once (it was listed once per advice text: P1.1 three times), with the advice
    // most of its contracts got.
    const recurring = [...this.recurringCounts.values()]
      .sort((a, b) => b.contracts - a.contracts || byPath(a.questionId, b.questionId))
      .slice(0, RECURRING_SHOWN)
      .map((r) => {
        const [advice] = [...r.advice.entries()].sort((a, b) => b[1] - a[1] || byPath(a[0], b[0]))[0]!;
        return { questionId: r.questionId, areaTitle: r.areaTitle, do: advice, contracts: r.contracts };
      });
    return {
      assessed: this.scores.length + this.provisional.length,
      failed: this.failures.length,
      provisional: this.provisional.length,
      bands: bands.map((b) => ({ name: b.name, min: b.min, count: this.bandCounts.get(b.name) ?? 0 })),
      mean,
      median: med === null ? null : round1(med),
      byValue: this.byValue(bands),
      areas,
      recurring,
      ranking,
      provisionalRanking,
      provisionalBand,
      failures: [...this.failures].sort((a, b) => byPath(a.path, b.path)),
      heatmap,
      actionPlans: this.actionPlans(),
    };
  }

  private actionPlans(): ActionPlans {
    const byOwner = new Map<string, OverdueAction[]>();
    const sorted = [...this.overdue].sort((a, b) => byPath(a.owner, b.owner) || byPath(a.due, b.due) || byPath(a.path, b.path) || byPath(a.questionId, b.questionId));
    for (const { owner, ...action } of sorted) {
      const list = byOwner.get(owner);
      if (list) list.push(action);
      else byOwner.set(owner, [action]);
    }
    return {
      ...this.plans,
      overdue: this.overdue.length,
      overdueByOwner: [...byOwner.entries()].map(([owner, actions]) => ({ owner, actions })),
      withoutAction: [...this.unplanned.values()]
        .map((u) => ({ ...u, points: round1(u.points) }))
        .sort((a, b) => b.points - a.points || b.contracts - a.contracts || byPath(a.questionId, b.questionId)),
    };
  }
}

export function summarisePortfolio(rows: readonly ContractRow[], failures: readonly FailedFile[], bands: readonly Band[]): Portfolio {
  const acc = new PortfolioAccumulator();
  rows.forEach((r) => acc.add(r));
  failures.forEach((f) => acc.addFailure(f));
  return acc.summary(bands);
}
