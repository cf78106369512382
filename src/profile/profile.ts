/**
 * Buyer profiles: what the published record shows of each buyer, from the small records of its
 * contracts (record.ts). Records are added one at a time and only counts, sums and the numbers
 * medians need are kept, so a national input never sits in memory as contracts. Every
 * indicator says how many contracts it rests on; one that rests on none is "not published"
 * (null), never zero. Pure.
 */
import { byCodeUnit } from '../model/order-text.js';
import { DIRECT_AWARD_PROCEDURES, INDICATORS, type IndicatorId } from './indicators.js';
import { buyerKey, type BuyerKind } from './kind.js';
import { compareLocality, NO_LOCALITY, type LocalBasis, type LocalityOf } from './locality.js';
import type { ProfileRecord } from './record.js';

export interface SizeLine {
  /** Above this (pounds, whole life, excluding VAT) only a large organisation can carry a lot. */
  amount: number;
  /** Strictly above the amount (a band's `above`), else at or above it (`min`). */
  strict: boolean;
  /** Where the figure comes from, e.g. "S4.1 band above £1,500,000: needs a large organisation". */
  source: string;
}

export interface ProfilePolicy {
  sizeLine: SizeLine;
  /** Where a postcode is; the default knows nothing, so postcodes are compared by district and area. */
  localityOf?: LocalityOf;
  /** How many largest contracts each profile lists. */
  largest?: number;
}

export interface Indicator {
  /** null: not published (no contract gives what it needs). */
  value: number | null;
  /** Contracts it rests on. */
  n: number;
  /** The buyer's contracts. */
  m: number;
  /** What the share counts, when that is not contracts: "5 of 12 supplier awards". */
  detail?: string;
}

export interface ProcedureLine {
  /** The procedure, or null for contracts that do not publish one. */
  procedure: string | null;
  contracts: number;
  /** Sum of the values published; null when none is. */
  value: number | null;
  /** Contracts of this procedure with a value. */
  valued: number;
}

export interface QuarterLine {
  /** "2025-Q1", or null for contracts with no date. */
  quarter: string | null;
  contracts: number;
  directAwards: number;
  /** Contracts that publish their procedure. */
  withProcedure: number;
}

export interface LargestContract {
  title: string;
  path: string;
  value: number;
  procedure: string | null;
}

export interface BuyerProfile {
  /** The name most of its contracts give (ties: the first in code-unit order). */
  name: string;
  key: string;
  kind: BuyerKind;
  /** The other names its contracts give, linked to this one by a shared identifier or key. */
  alsoNamed: string[];
  /** The registered identifiers its contracts give (buyer.identifier). */
  identifiers: string[];
  contracts: number;
  /** Total whole-life value of the contracts that publish one. */
  value: Indicator;
  procedures: ProcedureLine[];
  indicators: Record<IndicatorId, Indicator>;
  directAwardsByQuarter: QuarterLine[];
  largest: LargestContract[];
}

const NOT_PUBLISHED = null;

/** A running share: part of whole, over n contracts. */
class Share {
  part = 0;
  whole = 0;
  n = 0;
  add(part: number, whole: number): void {
    this.part += part;
    this.whole += whole;
    this.n++;
  }
  absorb(o: Share): void {
    this.part += o.part;
    this.whole += o.whole;
    this.n += o.n;
  }
  indicator(m: number, detail?: (part: number, whole: number) => string): Indicator {
    const value = this.n === 0 || this.whole === 0 ? NOT_PUBLISHED : (this.part / this.whole) * 100;
    return { value, n: value === null ? 0 : this.n, m, ...(detail && value !== null ? { detail: detail(this.part, this.whole) } : {}) };
  }
}

const plural = (n: number, one: string): string => `${n.toLocaleString('en-GB')} ${one}${n === 1 ? '' : 's'}`;
const awardsDetail = (part: number, whole: number): string => `${part.toLocaleString('en-GB')} of ${plural(whole, 'supplier award')}`;

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function quarterOf(date: string): string {
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

/** Counts in a map, kept in insertion order. */
const count = <K>(m: Map<K, number>, k: K, n = 1): void => void m.set(k, (m.get(k) ?? 0) + n);

/** The key counted most; ties by code-unit order (so the choice never depends on the order of the input). */
function mostCounted<K extends string>(m: Map<K, number>): K {
  let best: K | undefined;
  for (const [k, n] of m) if (best === undefined || n > m.get(best)! || (n === m.get(best)! && byCodeUnit(k, best) < 0)) best = k;
  return best!;
}

/**
 * One buyer's running totals. A buyer is every contract linked to another by the same name key or
 * the same registered identifier: two buyers found apart are absorbed into one when a contract
 * links them.
 */
class BuyerTotals {
  /** The name keys and identifiers that lead here ("n:KEY", "i:IDENTIFIER"). */
  aliases = new Set<string>();
  /** Each name as its contracts spell it: how many contracts, and the kinds it gave. */
  names = new Map<string, { contracts: number; kinds: Map<BuyerKind, number> }>();
  identifiers = new Set<string>();
  contracts = 0;
  valueSum = 0;
  valued = 0;
  procedures = new Map<string | null, ProcedureLine>();
  threshold = new Share();
  size = new Share();
  lots = new Share();
  smeCount = new Share();
  smeValue = new Share();
  vcseCount = new Share();
  vcseValue = new Share();
  localAuthority = new Share();
  localRegion = new Share();
  bases = { authority: new Map<LocalBasis, number>(), region: new Map<LocalBasis, number>() };
  windows: number[] = [];
  singleBids = new Share();
  durations: number[] = [];
  direct = new Share();
  directValue = new Share();
  quarters = new Map<string | null, QuarterLine>();
  largest: LargestContract[] = [];

  named(r: ProfileRecord): void {
    let n = this.names.get(r.buyer);
    if (!n) this.names.set(r.buyer, (n = { contracts: 0, kinds: new Map() }));
    n.contracts++;
    count(n.kinds, r.kind);
    if (r.buyerIdentifier !== undefined) this.identifiers.add(r.buyerIdentifier);
  }

  /** Everything `o` holds, added to this buyer's totals (`keep`: how many largest contracts to keep). */
  absorb(o: BuyerTotals, keep: number): void {
    for (const a of o.aliases) this.aliases.add(a);
    joinLines(this.names, o.names, (mine, n) => {
      mine.contracts += n.contracts;
      for (const [kind, k] of n.kinds) count(mine.kinds, kind, k);
    });
    for (const id of o.identifiers) this.identifiers.add(id);
    this.contracts += o.contracts;
    this.valueSum += o.valueSum;
    this.valued += o.valued;
    joinLines(this.procedures, o.procedures, (mine, line) => {
      mine.contracts += line.contracts;
      if (line.value !== null) mine.value = (mine.value ?? 0) + line.value;
      mine.valued += line.valued;
    });
    for (const k of ['threshold', 'size', 'lots', 'smeCount', 'smeValue', 'vcseCount', 'vcseValue', 'localAuthority', 'localRegion', 'singleBids', 'direct', 'directValue'] as const) this[k].absorb(o[k]);
    for (const level of ['authority', 'region'] as const) for (const [basis, n] of o.bases[level]) count(this.bases[level], basis, n);
    for (const w of o.windows) this.windows.push(w);
    for (const d of o.durations) this.durations.push(d);
    joinLines(this.quarters, o.quarters, (mine, line) => {
      mine.contracts += line.contracts;
      mine.directAwards += line.directAwards;
      mine.withProcedure += line.withProcedure;
    });
    this.largest = [...this.largest, ...o.largest].sort(largestFirst).slice(0, keep);
  }
}

/** Each line of `theirs` into `mine`: taken over where mine has none for its key, else added by `add`. */
function joinLines<K, V>(mine: Map<K, V>, theirs: Map<K, V>, add: (mine: V, theirs: V) => void): void {
  for (const [k, line] of theirs) {
    const own = mine.get(k);
    if (own === undefined) mine.set(k, line);
    else add(own, line);
  }
}

/** Largest first; equal values by path, so the list never depends on the order of the input. */
const largestFirst = (x: LargestContract, y: LargestContract): number => y.value - x.value || byCodeUnit(x.path, y.path);

/** Builds the profiles one record at a time. */
export class ProfileAccumulator {
  /** Each alias ("n:KEY" or "i:IDENTIFIER") to its buyer's totals. */
  private readonly buyers = new Map<string, BuyerTotals>();
  private readonly localityOf: LocalityOf;
  private readonly keep: number;

  constructor(private readonly policy: ProfilePolicy) {
    this.localityOf = policy.localityOf ?? NO_LOCALITY;
    this.keep = policy.largest ?? 5;
  }

  add(r: ProfileRecord): void {
    const b = this.buyerOf(r);
    b.named(r);
    b.contracts++;
    if (r.value !== undefined) {
      b.valueSum += r.value;
      b.valued++;
    }
    const proc = r.procedure ?? null;
    let line = b.procedures.get(proc);
    if (!line) b.procedures.set(proc, (line = { procedure: proc, contracts: 0, value: null, valued: 0 }));
    line.contracts++;
    if (r.value !== undefined) {
      line.value = (line.value ?? 0) + r.value;
      line.valued++;
    }
    if (r.value !== undefined && r.aboveThreshold !== undefined) b.threshold.add(r.aboveThreshold ? r.value : 0, r.value);
    if (r.value !== undefined && r.largestLotExVat !== undefined) b.size.add(this.overSize(r.largestLotExVat) ? r.value : 0, r.value);
    if (r.lots !== undefined) b.lots.add(r.lots >= 2 ? 1 : 0, 1);
    if (r.tenderWindowDays !== undefined) b.windows.push(r.tenderWindowDays);
    if (r.tenderers !== undefined) b.singleBids.add(r.tenderers === 1 ? 1 : 0, 1);
    if (r.durationMonths !== undefined) b.durations.push(r.durationMonths);
    this.addSuppliers(b, r);
    const isDirect = r.procedure !== undefined && DIRECT_AWARD_PROCEDURES.has(r.procedure);
    if (r.procedure !== undefined) {
      b.direct.add(isDirect ? 1 : 0, 1);
      if (r.value !== undefined) b.directValue.add(isDirect ? r.value : 0, r.value);
    }
    const q = r.date !== undefined ? quarterOf(r.date) : null;
    let ql = b.quarters.get(q);
    if (!ql) b.quarters.set(q, (ql = { quarter: q, contracts: 0, directAwards: 0, withProcedure: 0 }));
    ql.contracts++;
    if (isDirect) ql.directAwards++;
    if (r.procedure !== undefined) ql.withProcedure++;
    if (r.value !== undefined) this.keepLargest(b, r);
  }

  /** The record's buyer: the one its name key or identifier already leads to (two such are made one), else a new one. */
  private buyerOf(r: ProfileRecord): BuyerTotals {
    const aliases = [`n:${r.buyerKey}`, ...(r.buyerIdentifier !== undefined ? [`i:${r.buyerIdentifier}`] : [])];
    let b: BuyerTotals | undefined;
    for (const alias of aliases) {
      const found = this.buyers.get(alias);
      if (found === undefined || found === b) continue;
      if (b === undefined) b = found;
      else {
        // This contract links two buyers found apart: they are one.
        const [kept, gone] = b.contracts >= found.contracts ? [b, found] : [found, b];
        kept.absorb(gone, this.keep);
        for (const a of gone.aliases) this.buyers.set(a, kept);
        b = kept;
      }
    }
    b ??= new BuyerTotals();
    for (const alias of aliases) {
      b.aliases.add(alias);
      this.buyers.set(alias, b);
    }
    return b;
  }

  private addSuppliers(b: BuyerTotals, r: ProfileRecord): void {
    const suppliers = r.suppliers;
    if (!suppliers) return;
    const each = r.awardedValue !== undefined ? r.awardedValue / suppliers.length : undefined;
    const tally = (key: 'sme' | 'vcse', count: Share, value: Share) => {
      const known = suppliers.filter((s) => s[key] !== undefined);
      if (known.length === 0) return;
      const yes = known.filter((s) => s[key]).length;
      count.add(yes, known.length);
      if (each !== undefined && each > 0) value.add(yes * each, known.length * each);
    };
    tally('sme', b.smeCount, b.smeValue);
    tally('vcse', b.vcseCount, b.vcseValue);
    if (r.buyerPostcode === undefined) return;
    const local = (level: 'authority' | 'region', share: Share, bases: Map<LocalBasis, number>) => {
      let same = 0;
      let compared = 0;
      for (const s of suppliers) {
        if (s.postcode === undefined) continue;
        const c = compareLocality(r.buyerPostcode!, s.postcode, level, this.localityOf);
        if (!c) continue;
        compared++;
        if (c.same) same++;
        bases.set(c.basis, (bases.get(c.basis) ?? 0) + 1);
      }
      if (compared > 0) share.add(same, compared);
    };
    local('authority', b.localAuthority, b.bases.authority);
    local('region', b.localRegion, b.bases.region);
  }

  private overSize(v: number): boolean {
    const line = this.policy.sizeLine;
    return line.strict ? v > line.amount : v >= line.amount;
  }

  private keepLargest(b: BuyerTotals, r: ProfileRecord): void {
    const list = b.largest;
    const last = list[list.length - 1];
    // Full, and the new one comes after the last kept (smaller, or equal and later by path): not listed.
    if (list.length >= this.keep && last && (last.value > r.value! || (last.value === r.value && byCodeUnit(last.path, r.path) <= 0))) return;
    list.push({ title: r.title, path: r.path, value: r.value!, procedure: r.procedure ?? null });
    list.sort(largestFirst);
    if (list.length > this.keep) list.pop();
  }

  /** The profiles, ordered by buyer key. */
  result(): BuyerProfile[] {
    return [...new Set(this.buyers.values())].map((b) => buyerProfile(b)).sort((a, b) => byCodeUnit(a.key, b.key));
  }
}

const BASIS_WORDS: Record<LocalBasis, string> = {
  authority: 'by local authority',
  region: 'by region',
  'postcode-district': 'by postcode district (an approximation)',
  'postcode-area': 'by postcode area (an approximation)',
};

function basesDetail(bases: Map<LocalBasis, number>): string {
  return [...bases.entries()]
    .sort((a, b) => byCodeUnit(a[0], b[0]))
    .map(([basis, n]) => `${n.toLocaleString('en-GB')} ${BASIS_WORDS[basis]}`)
    .join(', ');
}

function buyerProfile(b: BuyerTotals): BuyerProfile {
  const m = b.contracts;
  const medianOf = (values: number[]): Indicator => {
    const value = median(values);
    return { value, n: values.length, m };
  };
  const local = (share: Share, bases: Map<LocalBasis, number>): Indicator => share.indicator(m, (part, whole) => `${awardsDetail(part, whole)}; compared ${basesDetail(bases)}`);
  const indicators: Record<IndicatorId, Indicator> = {
    above_threshold_value: b.threshold.indicator(m),
    above_size_value: b.size.indicator(m),
    lots_used: b.lots.indicator(m),
    sme_awards: b.smeCount.indicator(m, awardsDetail),
    sme_value: b.smeValue.indicator(m),
    vcse_awards: b.vcseCount.indicator(m, awardsDetail),
    vcse_value: b.vcseValue.indicator(m),
    local_authority_awards: local(b.localAuthority, b.bases.authority),
    local_region_awards: local(b.localRegion, b.bases.region),
    tender_window_median: medianOf(b.windows),
    single_bids: b.singleBids.indicator(m),
    duration_median: medianOf(b.durations),
    direct_awards: b.direct.indicator(m),
    direct_award_value: b.directValue.indicator(m),
  };
  // Every indicator the definitions list, and no other.
  for (const d of INDICATORS) if (!(d.id in indicators)) throw new Error(`indicator ${d.id} not computed`);
  const procedures = [...b.procedures.values()].sort((x, y) => y.contracts - x.contracts || byCodeUnit(x.procedure ?? '~', y.procedure ?? '~'));
  const quarters = [...b.quarters.values()].sort((x, y) => byCodeUnit(x.quarter ?? '~', y.quarter ?? '~'));
  const name = mostCounted(new Map([...b.names].map(([n, { contracts }]) => [n, contracts])));
  return {
    name,
    key: buyerKey(name),
    kind: mostCounted(b.names.get(name)!.kinds),
    alsoNamed: [...b.names.keys()].filter((n) => n !== name).sort(byCodeUnit),
    identifiers: [...b.identifiers].sort(byCodeUnit),
    contracts: m,
    value: { value: b.valued === 0 ? null : b.valueSum, n: b.valued, m },
    procedures,
    indicators,
    directAwardsByQuarter: quarters,
    largest: b.largest,
  };
}

/** The profiles of every buyer in the records. */
export function profileBuyers(records: Iterable<ProfileRecord>, policy: ProfilePolicy): BuyerProfile[] {
  const acc = new ProfileAccumulator(policy);
  for (const r of records) acc.add(r);
  return acc.result();
}
