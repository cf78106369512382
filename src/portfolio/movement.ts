/**
 * A portfolio's movement since an earlier one (kil batch --baseline): each contract's change in
 * score, and each step's and principle's mean over the contracts in both. Pure and
 * deterministic; kept only when a baseline is given, so a plain batch pays nothing for it.
 *
 * Contracts are matched by path; one whose path is new is matched by its reference when exactly
 * one unmatched contract on each side has it (a file renamed or moved).
 */
import type { PortfolioContract } from '../compare/result-schema.js';
import { detached } from '../model/detached.js';
import { byCodeUnit as byText } from '../model/order-text.js';
import type { ContractRow } from './contract-row.js';

export interface ContractMovement {
  path: string;
  /** The path in the baseline, when the contract was matched by its reference. */
  was: string | null;
  title: string;
  report: string | null;
  before: number;
  after: number;
  change: number;
  /** Provisional on either side: the change says more about what was answered than about the design. */
  provisional: boolean;
}

export interface PortfolioMovement {
  baseline: { label: string; assessedOn: string };
  /** Contracts in both, and those only now or only then. */
  matched: number;
  added: { path: string; title: string }[];
  gone: { path: string; title: string }[];
  rose: number;
  fell: number;
  unchanged: number;
  /** Mean score of the contracts in both that are finished (not provisional) on both sides. */
  mean: { before: number | null; after: number | null; change: number | null; contracts: number };
  /** Each area's mean over the contracts in both where it applies on both sides; in the current order. */
  areas: { id: string; title: string; before: number | null; after: number | null; change: number | null; contracts: number }[];
  /** Contracts in both, biggest fall first, then by path. */
  contracts: ContractMovement[];
}

export interface Baseline {
  label: string;
  assessedOn: string;
  contracts: readonly PortfolioContract[];
}

/** What movement keeps of a contract: a few figures, not the row. */
type Kept = Pick<ContractRow, 'path' | 'title' | 'reference' | 'score' | 'provisional' | 'report'> & { areas: { id: string; title: string; score: number | null }[] };

const round1 = (n: number): number => Math.round(n * 10) / 10;
const mean = (xs: readonly number[]): number | null => (xs.length === 0 ? null : round1(xs.reduce((s, x) => s + x, 0) / xs.length));

export class MovementAccumulator {
  private readonly now: Kept[] = [];

  constructor(private readonly baseline: Baseline) {}

  add(row: Pick<ContractRow, 'path' | 'title' | 'reference' | 'score' | 'provisional' | 'report' | 'areas'>): void {
    // Copies that share no memory with the file's text.
    const orNull = (s: string | null) => (s === null ? null : detached(s));
    this.now.push({ path: detached(row.path), title: detached(row.title), reference: orNull(row.reference), score: row.score, provisional: row.provisional, report: orNull(row.report), areas: row.areas });
  }

  summary(): PortfolioMovement {
    const pairs = this.match();
    const matchedNow = new Set(pairs.map(([, n]) => n));
    const matchedThen = new Set(pairs.map(([t]) => t));

    const contracts: ContractMovement[] = pairs
      .map(([then, now]) => ({
        path: now.path,
        was: then.path === now.path ? null : then.path,
        title: now.title,
        report: now.report,
        before: then.score,
        after: now.score,
        change: round1(now.score - then.score),
        provisional: then.provisional || now.provisional,
      }))
      .sort((a, b) => a.change - b.change || byText(a.path, b.path));

    const finished = pairs.filter(([t, n]) => !t.provisional && !n.provisional);
    const meanBefore = mean(finished.map(([t]) => t.score));
    const meanAfter = mean(finished.map(([, n]) => n.score));
    return {
      baseline: { label: this.baseline.label, assessedOn: this.baseline.assessedOn },
      matched: pairs.length,
      added: this.now.filter((n) => !matchedNow.has(n)).map((n) => ({ path: n.path, title: n.title })).sort((a, b) => byText(a.path, b.path)),
      gone: this.baseline.contracts.filter((t) => !matchedThen.has(t)).map((t) => ({ path: t.path, title: t.title })).sort((a, b) => byText(a.path, b.path)),
      rose: contracts.filter((c) => c.change > 0).length,
      fell: contracts.filter((c) => c.change < 0).length,
      unchanged: contracts.filter((c) => c.change === 0).length,
      mean: { before: meanBefore, after: meanAfter, change: meanBefore === null || meanAfter === null ? null : round1(meanAfter - meanBefore), contracts: finished.length },
      areas: this.areaMeans(pairs),
      contracts,
    };
  }

  /** [then, now] pairs: by path, then by a reference that is unique among the unmatched on both sides. */
  private match(): [PortfolioContract, Kept][] {
    const byPath = new Map<string, PortfolioContract>();
    for (const t of this.baseline.contracts) if (!byPath.has(t.path)) byPath.set(t.path, t);
    const pairs: [PortfolioContract, Kept][] = [];
    const used = new Set<PortfolioContract>();
    const left: Kept[] = [];
    for (const n of this.now) {
      const t = byPath.get(n.path);
      if (t && !used.has(t)) {
        pairs.push([t, n]);
        used.add(t);
      } else left.push(n);
    }
    const unique = <T extends { reference: string | null }>(xs: readonly T[]): Map<string, T> => {
      const count = new Map<string, number>();
      for (const x of xs) if (x.reference !== null) count.set(x.reference, (count.get(x.reference) ?? 0) + 1);
      return new Map(xs.filter((x) => x.reference !== null && count.get(x.reference) === 1).map((x) => [x.reference!, x]));
    };
    const thenByRef = unique(this.baseline.contracts.filter((t) => !used.has(t)));
    const nowByRef = unique(left);
    for (const [ref, n] of nowByRef) {
      const t = thenByRef.get(ref);
      if (t) pairs.push([t, n]);
    }
    return pairs;
  }

  private areaMeans(pairs: readonly [PortfolioContract, Kept][]): PortfolioMovement['areas'] {
    const order = new Map<string, { title: string; before: number[]; after: number[] }>();
    for (const n of this.now) for (const a of n.areas) if (!order.has(a.id)) order.set(a.id, { title: a.title, before: [], after: [] });
    for (const [t, n] of pairs) {
      const then = new Map(t.areas.map((a) => [a.id, a.score]));
      for (const a of n.areas) {
        const was = then.get(a.id);
        if (a.score === null || was === null || was === undefined) continue;
        order.get(a.id)!.before.push(was);
        order.get(a.id)!.after.push(a.score);
      }
    }
    return [...order.entries()].map(([id, x]) => {
      const before = mean(x.before);
      const after = mean(x.after);
      return { id, title: x.title, before, after, change: before === null || after === null ? null : round1(after - before), contracts: x.after.length };
    });
  }
}
