/**
 * What follows from a procurement's facts under the policy data: which law applies (the regime
 * for the buyer's nation, the route and the date), the value on the basis thresholds use (VAT
 * and extension options included), the threshold that applies, and the duties it triggers. Pure.
 */
import { byCodeUnit } from '../model/order-text.js';
import type { Procurement } from '../model/contract.js';
import type { Condition, Duty, Policy, Regime, Route, Threshold, ThresholdSet } from '../model/policy.js';
import { withUnit } from '../model/typed-values.js';
import { formatMoney, formatMoneyExact } from './money.js';

export interface ApplicableThreshold {
  amount: number;
  label: string;
  effectiveFrom: string;
  source: string;
  vatInclusive: boolean;
  verified: boolean;
}

/** The law kil applies to the contract, and why. */
export interface ApplicableRegime {
  id: string;
  name: string;
  source: string;
  verified: boolean;
  route: Route;
  /** Features the regime provides for this contract (conditions already applied). */
  features: ReadonlySet<string>;
  /** How each of those features is cited under this regime ("" when it gives no citation). */
  citations: ReadonlyMap<string, string>;
  paymentTermsMaxDays: number | undefined;
  gaps: readonly string[];
}

export interface ProcurementFacts {
  /** Whole-life value including VAT and extension options, or undefined when no value is given. */
  totalValue: number | undefined;
  /** The same without VAT, for amounts the law states excluding VAT. */
  totalValueExVat: number | undefined;
  /** The largest lot on the same basis as totalValue (the whole contract when it is not lotted). */
  largestLotValue: number | undefined;
  /**
   * The most the largest lot can be worth: its value when known, else (some lots without a value)
   * the larger of the biggest stated lot and what the total leaves for the others. Scoring on this
   * bound means a missing lot value never makes a contract look smaller than it may be.
   */
  largestLotAtMost: number | undefined;
  /** Contract length in years including extension options. */
  years: number | undefined;
  /** undefined when kil has no regime for this nation, route and date (said in the statements). */
  regime: ApplicableRegime | undefined;
  threshold: ApplicableThreshold | undefined;
  aboveThreshold: boolean | undefined;
  /** Plain-English statements for the report, e.g. "total value £1.8m is above ...". */
  statements: string[];
  duties: Duty[];
}

export function deriveProcurementFacts(p: Procurement, policy: Policy): ProcurementFacts {
  const statements: string[] = [];
  const found = chooseRegime(p, policy, statements);
  const valueFactor = valueBasisFactor(p, policy, statements);
  const totalValue = p.value ? p.value.amount * valueFactor : undefined;
  const totalValueExVat = p.value && totalValue !== undefined ? (p.value.vat === 'exempt' ? totalValue : totalValue / (1 + policy.vat_rate_pct / 100)) : undefined;
  const largestLotValue = largestLot(p, valueFactor, totalValue, statements);
  const largestLotAtMost = largestLotValue ?? largestLotBound(p, valueFactor, totalValue);
  const years = p.duration ? (p.duration.initial_months + p.duration.extension_months) / 12 : undefined;
  if (p.duration) {
    statements.push(
      `contract length is ${formatYears(years!)} (${withUnit(p.duration.initial_months, 'months')} initial` +
        (p.duration.extension_months > 0 ? ` plus ${withUnit(p.duration.extension_months, 'months')} of extension options)` : ', no extensions)'),
    );
  }

  const threshold = found ? applicableThreshold(p, found.regime, statements) : undefined;
  let aboveThreshold: boolean | undefined;
  if (threshold && totalValue !== undefined) {
    const compared = threshold.vatInclusive ? totalValue : totalValueExVat!;
    aboveThreshold = compared >= threshold.amount;
    statements.push(
      `total value ${formatMoney(totalValue)} is ${aboveThreshold ? 'at or above' : 'below'} the ${formatMoneyExact(threshold.amount)} ${threshold.label} threshold ` +
        `(thresholds in force from ${threshold.effectiveFrom}; ${threshold.source})`,
    );
  }
  const values: ConditionValues = {
    totalValue,
    totalValueExVat,
    aboveThreshold,
    thresholdOf: (type) => (found ? applicableThreshold({ ...p, contract_type: type }, found.regime) : undefined),
  };
  const regime = found ? applicableRegime(found, p, values) : undefined;
  // A duty kil could not check against the law is left out: a reader must not act on a guess.
  const duties = found ? found.regime.duties.filter((d) => d.verified && conditionHolds(d.when, p, values)) : [];
  return { totalValue, totalValueExVat, largestLotValue, largestLotAtMost, years, regime, threshold, aboveThreshold, statements, duties };
}

/** The route by which the contract is let: from the procedure, as the policy maps it. */
export function routeOf(p: Procurement, policy: Policy): Route {
  return (p.procedure && policy.procedure_routes[p.procedure]) || 'procurement';
}

/** The date that decides which law applies: the procurement's start, else the contract's. */
const decidingDate = (p: Procurement): string | undefined => p.procurement_start ?? p.start_date;

/**
 * The regime for the buyer's nation, the route and the procurement start date. Without a date,
 * the newest regime (the law as kil knows it now) is used, and the report says so.
 */
function chooseRegime(p: Procurement, policy: Policy, statements: string[]): { regime: Regime; route: Route } | undefined {
  const route = routeOf(p, policy);
  const nation = p.buyer.nation;
  const type = p.contract_type;
  const candidates = policy.regimes.filter(
    (r) => r.applies.nations.includes(nation) && r.applies.routes.includes(route) && (type === undefined || r.applies.contract_types === undefined || r.applies.contract_types.includes(type)),
  );
  const date = decidingDate(p);
  let regime: Regime | undefined;
  if (date) {
    regime = candidates.find((r) => (r.applies.from === undefined || r.applies.from <= date) && (r.applies.until === undefined || date <= r.applies.until));
  } else {
    regime = [...candidates].sort((a, b) => byCodeUnit(a.applies.from ?? '', b.applies.from ?? '')).at(-1);
  }
  const routeText = route === 'procurement' ? 'a procurement' : route === 'psr' ? 'a Provider Selection Regime award' : 'a grant';
  if (!regime) {
    // Named by the procedure the file gives, not by a regime that may not exist there (the PSR in Scotland).
    const what = p.procedure ? `the procedure "${p.procedure}"` : routeText;
    statements.push(`kil has no data on the law for ${what} by a buyer in ${nation}${date ? ` starting ${date}` : ''}; questions that depend on it are not applicable`);
    return undefined;
  }
  statements.push(
    `law applied: ${regime.name} (${routeText} by a buyer in ${nation}${date ? `, starting ${date}` : '; no procurement_start or start_date given, so the newest regime kil knows'})`,
  );
  return { regime, route };
}

function applicableRegime(found: { regime: Regime; route: Route }, p: Procurement, values: ConditionValues): ApplicableRegime {
  const { regime, route } = found;
  const features = new Set<string>();
  const citations = new Map<string, string>();
  // The first entry of a feature whose condition holds decides its citation.
  for (const f of regime.features) {
    if (typeof f === 'string') {
      if (!features.has(f)) citations.set(f, '');
      features.add(f);
    } else if ((f.when === undefined || conditionHolds(f.when, p, values)) && !features.has(f.id)) {
      features.add(f.id);
      citations.set(f.id, f.cite ?? '');
    }
  }
  return {
    id: regime.id,
    name: regime.name,
    source: regime.source,
    verified: regime.verified,
    route,
    features,
    citations,
    paymentTermsMaxDays: regime.payment_terms_max_days,
    gaps: regime.gaps,
  };
}

/** Multiplier that puts the stated amount on the PA23 basis: VAT included, extensions included. */
/**
 * What the stated value covers, and what kil adds to it to reach the whole-life value. VAT:
 * included, added (the file says excluded) or exempt (there is none). Extension options:
 * included, added pro rata, none (the contract has none) or not known (no duration given).
 */
export interface ValueBasis {
  vat: 'included' | 'added' | 'exempt';
  extensions: 'included' | 'added' | 'none' | 'not-known';
}

export function valueBasisOf(p: Procurement): ValueBasis | undefined {
  if (!p.value) return undefined;
  const vat = p.value.vat === 'excluded' ? 'added' : p.value.vat;
  const extensions = p.value.includes_extensions ? 'included' : !p.duration ? 'not-known' : p.duration.extension_months > 0 ? 'added' : 'none';
  return { vat, extensions };
}

function valueBasisFactor(p: Procurement, policy: Policy, statements: string[]): number {
  const basis = valueBasisOf(p);
  if (!basis) return 1;
  let factor = 1;
  if (basis.vat === 'added') {
    factor *= 1 + policy.vat_rate_pct / 100;
    statements.push(`VAT at ${policy.vat_rate_pct}% added to the stated value, as procurement thresholds include VAT`);
  }
  if (basis.extensions === 'added') {
    const { initial_months, extension_months } = p.duration!;
    const scale = (initial_months + extension_months) / initial_months;
    factor *= scale;
    statements.push(
      `value scaled pro rata (×${round2(scale)}) to cover the ${withUnit(extension_months, 'months')} of extension options, as procurement valuation requires`,
    );
  }
  return factor;
}

function largestLot(p: Procurement, factor: number, total: number | undefined, statements: string[]): number | undefined {
  const lots = p.lots ?? [];
  if (lots.length === 0) return total;
  const values = lots.map((l) => l.value).filter((v): v is number => v !== undefined);
  if (values.length < lots.length) {
    if (lots.length === 1) return total;
    statements.push(`${lots.length} lots, not all with a value, so the largest lot is not known`);
    return undefined;
  }
  const largest = Math.max(...values) * factor;
  // Said on its basis: S4.1 gives the same lot excluding VAT, and two bare figures for one lot confused readers.
  statements.push(`${lots.length} lot${lots.length === 1 ? '' : 's'}; the largest is worth ${formatMoney(largest)}, valued as for the thresholds (with VAT and the extension options)`);
  const mismatch = lotsMismatch(p);
  if (mismatch) statements.push(`${lotsMismatchWords(mismatch)}: check both are on the same basis`);
  return largest;
}

/**
 * Lots that do not add up to the value (by more than 1%, or £1): every lot has a value and their
 * sum is not the stated value. A change to either leaves the other wrong; the interview and the
 * report both say so. Undefined when they agree or cannot be compared.
 */
export function lotsMismatch(p: Pick<Procurement, 'lots' | 'value'>): { sum: number; amount: number } | undefined {
  const lots = p.lots ?? [];
  if (lots.length === 0 || !p.value) return undefined;
  let sum = 0;
  for (const l of lots) {
    if (l.value === undefined) return undefined;
    sum += l.value;
  }
  return Math.abs(sum - p.value.amount) > Math.max(1, p.value.amount * 0.01) ? { sum, amount: p.value.amount } : undefined;
}

/** "the lot values add up to £1.5m, not the stated £1.8m" */
export const lotsMismatchWords = (m: { sum: number; amount: number }): string => `the lot values add up to ${formatMoney(m.sum)}, not the stated ${formatMoney(m.amount)}`;

function largestLotBound(p: Procurement, factor: number, total: number | undefined): number | undefined {
  if (total === undefined) return undefined;
  const stated = (p.lots ?? []).map((l) => l.value).filter((v): v is number => v !== undefined).map((v) => v * factor);
  const left = total - stated.reduce((s, v) => s + v, 0);
  return Math.min(total, Math.max(0, left, ...stated));
}

/** The regime's threshold set in force on the procurement start date (or its newest, said plainly). */
export function applicableThreshold(p: Procurement, regime: Regime, statements: string[] = []): ApplicableThreshold | undefined {
  const nation = p.buyer.nation;
  const sets = regime.threshold_sets.filter((s) => s.nations === undefined || s.nations.includes(nation)).sort((a, b) => byCodeUnit(a.effective_from, b.effective_from));
  if (sets.length === 0) return undefined; // a regime without thresholds (a grant, the PSR) says so through its features
  const date = decidingDate(p);
  let set: ThresholdSet | undefined;
  if (date) {
    set = sets.filter((s) => s.effective_from <= date).at(-1);
    if (!set) {
      statements.push(`kil has no ${regime.name} thresholds in force on ${date}, so threshold tests are not applied`);
      return undefined;
    }
  } else {
    set = sets.at(-1)!;
    statements.push(`no procurement start date given: used the thresholds in force from ${set.effective_from}`);
  }
  const match: Threshold | undefined = set.thresholds.find((t) => t.contract_types.includes(p.contract_type) && t.buyer_types.includes(p.buyer.type));
  // A figure kil could not check is not applied: a reader must not act on a guess.
  if (match && !match.verified) {
    statements.push(`kil has no confirmed ${regime.name} threshold for ${p.contract_type} contracts let by ${p.buyer.type} buyers from ${set.effective_from}, so threshold tests are not applied`);
    return undefined;
  }
  if (!match) {
    statements.push(`kil has no ${regime.name} threshold for ${p.contract_type} contracts let by ${p.buyer.type} buyers`);
    return undefined;
  }
  return { amount: match.amount, label: match.label, effectiveFrom: set.effective_from, source: set.source, vatInclusive: set.vat_inclusive, verified: match.verified };
}

interface ConditionValues {
  totalValue: number | undefined;
  totalValueExVat: number | undefined;
  aboveThreshold: boolean | undefined;
  /** The regime's threshold on the date for another kind of contract let by the same buyer type. */
  thresholdOf?: (type: Procurement['contract_type']) => ApplicableThreshold | undefined;
}

/** Whether every part of a condition holds; a part that needs a missing fact does not hold. */
export function conditionHolds(w: Condition, p: Procurement, v: ConditionValues): boolean {
  const total = w.vat_inclusive === false ? v.totalValueExVat : v.totalValue;
  if (w.value_at_least !== undefined && !(total !== undefined && total >= w.value_at_least)) return false;
  if (w.value_above !== undefined && !(total !== undefined && total > w.value_above)) return false;
  if (w.above_threshold !== undefined && v.aboveThreshold !== w.above_threshold) return false;
  if (w.contract_types && !w.contract_types.includes(p.contract_type)) return false;
  if (w.buyer_types && !w.buyer_types.includes(p.buyer.type)) return false;
  if (w.nations && !w.nations.includes(p.buyer.nation)) return false;
  if (w.procedures && !(p.procedure !== undefined && w.procedures.includes(p.procedure))) return false;
  if (w.procedures_not && p.procedure !== undefined && w.procedures_not.includes(p.procedure)) return false;
  if (w.value_at_least_threshold_of !== undefined && comparedWith(w.value_at_least_threshold_of, v) !== 'at-or-above') return false;
  if (w.value_below_threshold_of !== undefined && comparedWith(w.value_below_threshold_of, v) !== 'below') return false;
  if (w.procurement_from !== undefined) {
    const date = decidingDate(p);
    if (!date || date < w.procurement_from) return false;
  }
  if (w.procurement_until !== undefined) {
    const date = decidingDate(p);
    if (!date || date > w.procurement_until) return false;
  }
  return true;
}

/** The value against the regime's threshold for another kind of contract; undefined when either is not known. */
function comparedWith(type: Procurement['contract_type'], v: ConditionValues): 'at-or-above' | 'below' | undefined {
  const t = v.thresholdOf?.(type);
  const value = t?.vatInclusive ? v.totalValue : v.totalValueExVat;
  if (!t || value === undefined) return undefined;
  return value >= t.amount ? 'at-or-above' : 'below';
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

function formatYears(years: number): string {
  const r = round2(years);
  return `${r} year${r === 1 ? '' : 's'}`;
}
