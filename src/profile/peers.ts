/**
 * Peer benchmarks: each indicator of a buyer as a percentile among buyers of the same kind in
 * the same input (see PERCENTILE_DEFINITION). Only buyers with at least `minContracts`
 * contracts are benchmarked or count as peers; with fewer than `minPeers` peers there is no
 * percentile ("too few peers"). Pure.
 */
import { INDICATORS, type IndicatorId } from './indicators.js';
import type { BuyerKind } from './kind.js';
import type { BuyerProfile } from './profile.js';

export interface PeerRules {
  minContracts: number;
  /** Fewer peers than this: "too few peers". */
  minPeers: number;
}

export const DEFAULT_MIN_CONTRACTS = 10;
export const MIN_PEERS = 5;

export type Benchmark =
  | { status: 'percentile'; percentile: number; peers: number }
  /** The buyer has fewer contracts than the minimum. */
  | { status: 'below-minimum' }
  /** The buyer does not publish what the indicator needs. */
  | { status: 'not-published' }
  | { status: 'too-few-peers'; peers: number };

export type Benchmarks = Record<IndicatorId, Benchmark>;

/** Number of values in a sorted list below v, and equal to it. */
function rank(sorted: readonly number[], v: number): { lower: number; equal: number } {
  const first = (pred: (x: number) => boolean) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pred(sorted[mid]!)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const lower = first((x) => x >= v);
  const upTo = first((x) => x > v);
  return { lower, equal: upTo - lower };
}

/**
 * The percentile of every profile's every indicator, by buyer key. The percentile is 100 x
 * (peers lower + half the peers equal) / peers, the buyer itself not among its peers.
 */
export function peerPercentiles(profiles: readonly BuyerProfile[], rules: PeerRules): Map<string, Benchmarks> {
  const eligible = (p: BuyerProfile) => p.contracts >= rules.minContracts;
  // The values of the eligible buyers of each kind, for each indicator, sorted.
  const pools = new Map<BuyerKind, Map<IndicatorId, number[]>>();
  for (const p of profiles) {
    if (!eligible(p)) continue;
    let pool = pools.get(p.kind);
    if (!pool) pools.set(p.kind, (pool = new Map()));
    for (const d of INDICATORS) {
      const v = p.indicators[d.id].value;
      if (v === null) continue;
      let list = pool.get(d.id);
      if (!list) pool.set(d.id, (list = []));
      list.push(v);
    }
  }
  for (const pool of pools.values()) for (const list of pool.values()) list.sort((a, b) => a - b);

  const out = new Map<string, Benchmarks>();
  for (const p of profiles) {
    const b = {} as Benchmarks;
    for (const d of INDICATORS) {
      const v = p.indicators[d.id].value;
      if (!eligible(p)) b[d.id] = { status: 'below-minimum' };
      else if (v === null) b[d.id] = { status: 'not-published' };
      else {
        const sorted = pools.get(p.kind)!.get(d.id)!;
        const peers = sorted.length - 1;
        if (peers < rules.minPeers) b[d.id] = { status: 'too-few-peers', peers };
        else {
          const { lower, equal } = rank(sorted, v);
          b[d.id] = { status: 'percentile', percentile: (100 * (lower + (equal - 1) / 2)) / peers, peers };
        }
      }
    }
    out.set(p.key, b);
  }
  return out;
}
