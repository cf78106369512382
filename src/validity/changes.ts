/**
 * The practice changes whose direction the score must respect. Each takes a generated contract
 * and gives a pair that differs in one practice: `better` is the more local-by-default of the
 * two, so a valid rubric never scores `worse` above `better`. Both directions of each change are
 * generated (a value grows from one contract, shrinks from another), as the issue's "never rises
 * ... and never falls for the opposite change" asks. Pure apart from the random choices fast-check makes.
 */
import fc from 'fast-check';
import type { RubricLibrary } from '../load/library.js';
import { formatMoneyExact } from '../facts/money.js';
import { MAX_MONEY, PaymentMechanismSchema, type Contract, type Lot, type Procurement } from '../model/contract.js';
import type { Question } from '../model/rubric.js';
import { questionScore } from '../score/question-score.js';
import { amount, answerValues, buildLots, contractArb, NEIGHBOURHOODS } from './contracts.js';

export interface ChangedPair {
  /** The contract as generated, with what the change needs filled in. */
  before: Contract;
  after: Contract;
  /** What changed, e.g. "value £650,000 → £1,300,000". */
  change: string;
  /** Which of the two is the more local-by-default one. */
  better: 'before' | 'after';
}

export interface PracticeChange {
  id: string;
  /** The promise, e.g. "a bigger contract never scores higher". */
  claim: string;
  pairs(library: RubricLibrary): fc.Arbitrary<ChangedPair>;
}

const copy = (c: Contract): Contract => structuredClone(c);
const money = formatMoneyExact;

/** A pair from a contract and some parameters; `fill` makes sure the contract has what the change needs. */
function change<P>(id: string, claim: string, params: fc.Arbitrary<P>, make: (c: Contract, p: P) => ChangedPair): PracticeChange {
  return { id, claim, pairs: (library) => fc.tuple(contractArb(library), params).map(([c, p]) => make(copy(c), p)) };
}

// ---- value -------------------------------------------------------------------------------

function withValue(p: Procurement, fallback: number): NonNullable<Procurement['value']> {
  p.value ??= { amount: fallback, currency: 'GBP', vat: 'exempt', includes_extensions: true };
  return p.value;
}

/** Scale the contract's money (the value and every lot) by k, staying within the model's limit. */
function scaleMoney(p: Procurement, k: number): void {
  if (p.value) p.value.amount = Math.min(MAX_MONEY, p.value.amount * k);
  for (const lot of p.lots ?? []) if (lot.value !== undefined) lot.value = Math.min(MAX_MONEY, lot.value * k);
}

const valueChange = (id: string, claim: string, factor: fc.Arbitrary<number>, better: 'before' | 'after') =>
  change(id, claim, fc.tuple(amount, factor), (before, [fallback, k]) => {
    const from = withValue(before.procurement, fallback).amount;
    const after = copy(before);
    scaleMoney(after.procurement, k);
    return { before, after, change: `value ${money(from)} → ${money(after.procurement.value!.amount)}`, better };
  });

// ---- length ------------------------------------------------------------------------------

/** The length from which a longer contract earns nothing more: where the rubric's length questions peak. */
export function lengthPeakYears(library: RubricLibrary): number {
  let peak = 0;
  for (const { question: q } of library.questions.values()) {
    if (q.derive !== 'contract_years' || q.type !== 'number') continue;
    const top = Math.max(...q.bands.map((b) => b.score));
    const first = q.bands.find((b) => b.score === top)!;
    peak = Math.max(peak, first.min ?? first.above!);
  }
  return peak;
}

/**
 * Lengthen by `months` (to the extension options or the initial term): the same service for
 * longer, so the value grows in proportion to the months it covers.
 */
function lengthen(p: Procurement, months: number, toExtension: boolean): void {
  const d = p.duration!;
  const covered = (x: { initial_months: number; extension_months: number }) => (p.value?.includes_extensions === false ? x.initial_months : x.initial_months + x.extension_months);
  const was = covered(d);
  if (toExtension) d.extension_months = Math.min(1200, d.extension_months + months);
  else d.initial_months = Math.min(1200, d.initial_months + months);
  scaleMoney(p, covered(d) / was);
}

function withLength(p: Procurement, atLeastYears: number, extraMonths: number): void {
  const least = Math.ceil(atLeastYears * 12);
  p.duration ??= { initial_months: Math.max(1, least), extension_months: 0 };
  const total = p.duration.initial_months + p.duration.extension_months;
  if (total < least) p.duration.initial_months += least - total;
  p.duration.initial_months = Math.min(1200, p.duration.initial_months + extraMonths);
}

const years = (p: Procurement) => Math.round(((p.duration!.initial_months + p.duration!.extension_months) / 12) * 100) / 100;

const lengthChange = (id: string, claim: string, better: 'before' | 'after', peakOf: (l: RubricLibrary) => number): PracticeChange => ({
  id,
  claim,
  pairs: (library) => {
    const peak = peakOf(library);
    return fc.tuple(contractArb(library), fc.integer({ min: 0, max: 120 }), fc.integer({ min: 1, max: 120 }), fc.boolean()).map(([c, extra, months, toExtension]) => {
      const shorter = copy(c);
      withLength(shorter.procurement, peak, extra);
      const longer = copy(shorter);
      lengthen(longer.procurement, months, toExtension);
      // The same pair read both ways: longer never scores higher, shorter (down to the peak) never lower.
      return better === 'before'
        ? { before: shorter, after: longer, change: `length ${years(shorter.procurement)} → ${years(longer.procurement)} years`, better }
        : { before: longer, after: shorter, change: `length ${years(longer.procurement)} → ${years(shorter.procurement)} years`, better };
    });
  },
});

// ---- lots --------------------------------------------------------------------------------

function withLots(p: Procurement, count: number, shares: number[]): Lot[] {
  if (!p.lots || p.lots.length < 2) {
    const hoods = p.place?.neighbourhoods.length ? p.place.neighbourhoods : [...NEIGHBOURHOODS];
    p.lots = buildLots(p.value?.amount, Array.from({ length: count }, (_, i) => hoods[i % hoods.length]), shares.slice(0, count));
  }
  return p.lots;
}

function merge(lots: Lot[], i: number, j: number): Lot[] {
  const [a, b] = [lots[i]!, lots[j]!];
  const merged: Lot = { id: a.id };
  if (a.neighbourhood !== undefined && a.neighbourhood === b.neighbourhood) merged.neighbourhood = a.neighbourhood;
  if (a.value !== undefined && b.value !== undefined) merged.value = a.value + b.value;
  return lots.flatMap((l, k) => (k === i ? [merged] : k === j ? [] : [l]));
}

const lotShares = fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 5, maxLength: 5 });

const lotsMerged = (better: 'before' | 'after') =>
  change(
    better === 'before' ? 'lots-merged' : 'lots-split',
    better === 'before' ? 'merging two lots never scores higher' : 'splitting a lot in two never scores lower',
    fc.tuple(fc.integer({ min: 2, max: 5 }), lotShares, fc.nat(), fc.nat()),
    (c, [count, shares, x, y]) => {
      const lots = withLots(c.procurement, count, shares);
      const i = x % lots.length;
      const j = (i + 1 + (y % (lots.length - 1))) % lots.length;
      const merged = copy(c);
      merged.procurement.lots = merge(lots, i, j);
      const n = (k: number) => `${k} lot${k === 1 ? '' : 's'}`;
      const text = `${n(lots.length)} → ${lots.length - 1} (${lots[i]!.id} and ${lots[j]!.id} merged)`;
      return better === 'before' ? { before: c, after: merged, change: text, better } : { before: merged, after: c, change: `${n(lots.length - 1)} → ${lots.length} (a lot split in two)`, better };
    },
  );

const lotsLeaveNeighbourhoods = (better: 'before' | 'after') =>
  change(
    better === 'before' ? 'lots-leave-neighbourhoods' : 'lots-follow-neighbourhoods',
    better === 'before' ? 'a lot that stops following a neighbourhood never scores higher' : 'a lot that follows a neighbourhood never scores lower',
    fc.tuple(fc.integer({ min: 2, max: 5 }), lotShares, fc.nat()),
    (c, [count, shares, x]) => {
      c.procurement.place ??= { name: 'Example', neighbourhoods: [...NEIGHBOURHOODS] };
      const lots = withLots(c.procurement, count, shares);
      const i = x % lots.length;
      lots[i]!.neighbourhood ??= c.procurement.place.neighbourhoods[0] ?? 'North';
      const off = copy(c);
      delete off.procurement.lots![i]!.neighbourhood;
      const text = (from: string, to: string) => `lot ${lots[i]!.id}: neighbourhood ${from} → ${to}`;
      return better === 'before'
        ? { before: c, after: off, change: text(lots[i]!.neighbourhood!, 'none'), better }
        : { before: off, after: c, change: text('none', lots[i]!.neighbourhood!), better };
    },
  );

// ---- one number fact at a time -----------------------------------------------------------

/**
 * A fact that is a number, where less (or more) is worse: the pair moves it by `by` from a
 * generated or filled-in value.
 */
function numberFact(
  id: string,
  claim: string,
  better: 'before' | 'after',
  get: (p: Procurement) => number | undefined,
  set: (p: Procurement, v: number) => void,
  range: { min: number; max: number },
  worseIsLower: boolean,
  label: string,
): PracticeChange {
  return change(id, claim, fc.tuple(fc.integer(range), fc.integer({ min: 1, max: range.max - range.min })), (c, [fallback, by]) => {
    const from = get(c.procurement) ?? fallback;
    set(c.procurement, from);
    const moved = worseIsLower === (better === 'before') ? Math.max(range.min, from - by) : Math.min(range.max, from + by);
    const after = copy(c);
    set(after.procurement, moved);
    return { before: c, after, change: `${label} ${from} → ${moved}`, better };
  });
}

const evaluation = (p: Procurement): NonNullable<Procurement['evaluation']> => (p.evaluation ??= { price_pct: 40, quality_pct: 50, social_value_pct: 10 });

/** Social value points move to or from price; quality stays. */
function setSocialValue(p: Procurement, v: number): void {
  const e = evaluation(p);
  const pool = e.price_pct + e.social_value_pct;
  e.social_value_pct = Math.min(v, pool);
  e.price_pct = pool - e.social_value_pct;
}

// ---- payment -----------------------------------------------------------------------------

type Mechanism = NonNullable<Procurement['payment']>['mechanism'];
/** One step towards payment by results: block, cost and volume or grant -> part -> full. */
const towardsPbr = (m: Mechanism): Mechanism => (m === 'payment-by-results' || m === 'part-payment-by-results' ? 'payment-by-results' : 'part-payment-by-results');

const paymentByResults = (better: 'before' | 'after') =>
  change(
    better === 'before' ? 'payment-by-results' : 'away-from-payment-by-results',
    better === 'before' ? 'moving payment towards payment by results never scores higher' : 'moving payment away from payment by results never scores lower',
    fc.constantFrom(...PaymentMechanismSchema.options),
    (c, fallback) => {
      c.procurement.payment ??= { mechanism: fallback };
      const from = c.procurement.payment.mechanism;
      const worse = copy(c);
      worse.procurement.payment!.mechanism = towardsPbr(from);
      const to = worse.procurement.payment!.mechanism;
      return better === 'before' ? { before: c, after: worse, change: `payment ${from} → ${to}`, better } : { before: worse, after: c, change: `payment ${to} → ${from}`, better };
    },
  );

/** One of the fair payment terms lost: the contract with it is the better one. */
const fairPayment = (id: string, claim: string, keep: (p: Payment) => void, lose: (p: Payment) => void, text: string): PracticeChange =>
  change(id, claim, fc.constantFrom(...PaymentMechanismSchema.options), (c, mechanism) => {
    const pay = (c.procurement.payment ??= { mechanism });
    // Every part known, so the change is scored rather than left unknown.
    pay.full_cost_recovery ??= false;
    pay.annual_uplift ??= false;
    pay.terms_days ??= 30;
    keep(pay);
    const worse = copy(c);
    lose(worse.procurement.payment!);
    return { before: c, after: worse, change: text, better: 'before' };
  });

type Payment = NonNullable<Procurement['payment']>;

// ---- answers -----------------------------------------------------------------------------

/**
 * Two answers to one question, the first lower on its scale: for yes/partly/no and maturity levels
 * the scale's own order (no < partly < yes, level 0 < 4), so a rubric whose scores run against it
 * fails; for options and numbers, which have no order of their own, the lower-scoring one.
 */
function answerStep(library: RubricLibrary, q: Question, i: number, j: number): [string | number, string | number] | undefined {
  const ordered = q.type === 'yes_no' ? ['no', 'partly', 'yes'] : q.type === 'maturity' ? [0, 1, 2, 3, 4] : undefined;
  if (ordered) {
    const [a, b] = [i % ordered.length, j % ordered.length];
    return a === b ? undefined : [ordered[Math.min(a, b)]!, ordered[Math.max(a, b)]!];
  }
  const ref = library.questions.get(q.id)!;
  const scored = answerValues(q).map((v) => ({ v, s: questionScore(ref.rubric.scales, q, v) }));
  const a = scored[i % scored.length]!;
  const b = scored[j % scored.length]!;
  if (a.s === b.s) return undefined;
  return a.s < b.s ? [a.v, b.v] : [b.v, a.v];
}

const answerMoves = (better: 'before' | 'after'): PracticeChange => ({
  id: better === 'before' ? 'answer-down' : 'answer-up',
  claim: better === 'before' ? 'any one answer moving down its scale never scores higher' : 'any one answer moving up its scale never scores lower',
  pairs: (library) => {
    const questions = [...library.questions.values()].map((r) => r.question);
    return fc.tuple(contractArb(library), fc.nat(), fc.nat(), fc.nat()).map(([c, k, i, j]) => {
      const q = questions[k % questions.length]!;
      const step = answerStep(library, q, i, j) ?? answerStep(library, q, 0, answerValues(q).length - 1);
      const low = copy(c);
      const high = copy(c);
      if (step) {
        low.answers[q.id] = { value: step[0] };
        high.answers[q.id] = { value: step[1] };
      }
      const text = step ? `${q.id} ${better === 'before' ? `${step[1]} → ${step[0]}` : `${step[0]} → ${step[1]}`}` : `${q.id} (a single score: no change)`;
      return better === 'before' ? { before: high, after: low, change: text, better } : { before: low, after: high, change: text, better };
    });
  },
});

/** Every change the properties check, both ways. */
export function practiceChanges(): PracticeChange[] {
  const worse = 'before' as const;
  const better = 'after' as const;
  return [
    valueChange('value-grows', 'a bigger contract never scores higher', fc.double({ min: 1.01, max: 20, noNaN: true }), worse),
    valueChange('value-shrinks', 'a smaller contract never scores lower', fc.double({ min: 0.05, max: 0.99, noNaN: true }), better),
    lengthChange('longer-beyond-peak', 'beyond the length the rubric rewards most, a longer contract never scores higher', worse, lengthPeakYears),
    lengthChange('shorter-to-peak', 'down to the length the rubric rewards most, a shorter contract never scores lower', better, lengthPeakYears),
    lotsMerged(worse),
    lotsMerged(better),
    lotsLeaveNeighbourhoods(worse),
    lotsLeaveNeighbourhoods(better),
    numberFact('window-shortens', 'a shorter tender window never scores higher', worse, (p) => p.tender_window_days, (p, v) => (p.tender_window_days = v), { min: 0, max: 120 }, true, 'tender window (days)'),
    numberFact('window-lengthens', 'a longer tender window never scores lower', better, (p) => p.tender_window_days, (p, v) => (p.tender_window_days = v), { min: 0, max: 120 }, true, 'tender window (days)'),
    numberFact('social-value-falls', 'a lower social value weighting never scores higher', worse, (p) => p.evaluation?.social_value_pct, setSocialValue, { min: 0, max: 100 }, true, 'social value weighting (%)'),
    numberFact('social-value-rises', 'a higher social value weighting never scores lower', better, (p) => p.evaluation?.social_value_pct, setSocialValue, { min: 0, max: 100 }, true, 'social value weighting (%)'),
    paymentByResults(worse),
    paymentByResults(better),
    fairPayment('full-cost-recovery-removed', 'removing full cost recovery never scores higher', (p) => (p.full_cost_recovery = true), (p) => (p.full_cost_recovery = false), 'full cost recovery yes → no'),
    fairPayment('payment-slower', 'paying more slowly than the legal term never scores higher', (p) => (p.terms_days = 30), (p) => (p.terms_days = 60), 'payment terms 30 → 60 days'),
    numberFact('fewer-local-bidders', 'fewer local organisations able to bid never scores higher', worse, (p) => p.local_bidders, (p, v) => (p.local_bidders = v), { min: 0, max: 10 }, true, 'local organisations able to bid'),
    numberFact('more-local-bidders', 'more local organisations able to bid never scores lower', better, (p) => p.local_bidders, (p, v) => (p.local_bidders = v), { min: 0, max: 10 }, true, 'local organisations able to bid'),
    answerMoves(worse),
    answerMoves(better),
  ];
}
