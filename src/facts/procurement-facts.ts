/**
 * What follows from a procurement's facts under the dated policy data: the value on the
 * Procurement Act 2023 basis (VAT and extension options included), the threshold that
 * applies, and the duties it triggers. Pure.
 */
import { byCodePoint } from '../load/order.js';
import type { Procurement } from '../model/contract.js';
import type { Duty, Policy, Threshold, ThresholdSet } from '../model/policy.js';
import { formatMoney, formatMoneyExact } from './money.js';

export interface ApplicableThreshold {
  amount: number;
  label: string;
  effectiveFrom: string;
  source: string;
  vatInclusive: boolean;
}

export interface ProcurementFacts {
  /** Whole-life value including VAT and extension options, or undefined when no value is given. */
  totalValue: number | undefined;
  /** The largest lot on the same basis as totalValue (the whole contract when it is not lotted). */
  largestLotValue: number | undefined;
  /** Contract length in years including extension options. */
  years: number | undefined;
  threshold: ApplicableThreshold | undefined;
  aboveThreshold: boolean | undefined;
  /** Plain-English statements for the report, e.g. "total value £1.8m is above ...". */
  statements: string[];
  duties: Duty[];
}

export function deriveProcurementFacts(p: Procurement, policy: Policy): ProcurementFacts {
  const statements: string[] = [];
  const valueFactor = valueBasisFactor(p, policy, statements);
  const totalValue = p.value ? p.value.amount * valueFactor : undefined;
  const largestLotValue = largestLot(p, valueFactor, totalValue, statements);
  const years = p.duration ? (p.duration.initial_months + p.duration.extension_months) / 12 : undefined;
  if (p.duration) {
    statements.push(
      `contract length is ${formatYears(years!)} (${p.duration.initial_months} months initial` +
        (p.duration.extension_months > 0 ? ` plus ${p.duration.extension_months} months of extension options)` : ', no extensions)'),
    );
  }

  const threshold = applicableThreshold(p, policy, statements);
  let aboveThreshold: boolean | undefined;
  if (threshold && totalValue !== undefined) {
    const compared = threshold.vatInclusive ? totalValue : totalValue / (1 + policy.vat_rate_pct / 100);
    aboveThreshold = compared >= threshold.amount;
    statements.push(
      `total value ${formatMoney(totalValue)} is ${aboveThreshold ? "at or above" : "below"} the ${formatMoneyExact(threshold.amount)} ${threshold.label} threshold ` +
        `(thresholds in force from ${threshold.effectiveFrom}; ${threshold.source})`,
    );
  }

  const duties = policy.duties.filter((d) => dutyApplies(d, p, totalValue, aboveThreshold));
  return { totalValue, largestLotValue, years, threshold, aboveThreshold, statements, duties };
}

/** Multiplier that puts the stated amount on the PA23 basis: VAT included, extensions included. */
function valueBasisFactor(p: Procurement, policy: Policy, statements: string[]): number {
  if (!p.value) return 1;
  let factor = 1;
  if (p.value.vat === 'excluded') {
    factor *= 1 + policy.vat_rate_pct / 100;
    statements.push(`VAT at ${policy.vat_rate_pct}% added to the stated value, as PA23 valuation includes VAT`);
  }
  if (!p.value.includes_extensions && p.duration && p.duration.extension_months > 0) {
    const scale = (p.duration.initial_months + p.duration.extension_months) / p.duration.initial_months;
    factor *= scale;
    statements.push(
      `value scaled pro rata (×${round2(scale)}) to cover the ${p.duration.extension_months} months of extension options, as PA23 valuation requires`,
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
  const sum = values.reduce((s, v) => s + v, 0);
  statements.push(`${lots.length} lot${lots.length === 1 ? '' : 's'}; the largest is worth ${formatMoney(largest)}`);
  if (p.value && Math.abs(sum - p.value.amount) > Math.max(1, p.value.amount * 0.01)) {
    statements.push(
      `the lot values add up to ${formatMoney(sum)}, not the stated ${formatMoney(p.value.amount)}: check both are on the same basis`,
    );
  }
  return largest;
}

/** The threshold set in force on the procurement start date (or the newest, said plainly). */
export function applicableThreshold(p: Procurement, policy: Policy, statements: string[] = []): ApplicableThreshold | undefined {
  const nation = p.buyer.nation;
  const sets = policy.threshold_sets
    .filter((s) => s.nations.includes(nation))
    .sort((a, b) => byCodePoint(a.effective_from, b.effective_from));
  if (sets.length === 0) {
    statements.push(`the policy data has no thresholds for ${nation}, so threshold tests are not applied`);
    return undefined;
  }
  const date = p.procurement_start ?? p.start_date;
  let set: ThresholdSet | undefined;
  if (date) {
    set = sets.filter((s) => s.effective_from <= date).at(-1);
    if (!set) {
      statements.push(`the policy data has no thresholds in force on ${date}, so threshold tests are not applied`);
      return undefined;
    }
  } else {
    set = sets.at(-1)!;
    statements.push(`no procurement start date given: used the thresholds in force from ${set.effective_from}`);
  }
  const match: Threshold | undefined = set.thresholds.find(
    (t) => t.contract_types.includes(p.contract_type) && t.buyer_types.includes(p.buyer.type),
  );
  if (!match) {
    statements.push(`the policy data has no threshold for ${p.contract_type} contracts let by ${p.buyer.type} buyers`);
    return undefined;
  }
  return { amount: match.amount, label: match.label, effectiveFrom: set.effective_from, source: set.source, vatInclusive: set.vat_inclusive };
}

function dutyApplies(d: Duty, p: Procurement, total: number | undefined, above: boolean | undefined): boolean {
  const w = d.when;
  if (w.value_at_least !== undefined && !(total !== undefined && total >= w.value_at_least)) return false;
  if (w.value_above !== undefined && !(total !== undefined && total > w.value_above)) return false;
  if (w.above_threshold !== undefined && above !== w.above_threshold) return false;
  if (w.contract_types && !w.contract_types.includes(p.contract_type)) return false;
  if (w.buyer_types && !w.buyer_types.includes(p.buyer.type)) return false;
  if (w.nations && !w.nations.includes(p.buyer.nation)) return false;
  if (w.procurement_from !== undefined) {
    const date = p.procurement_start ?? p.start_date;
    if (!date || date < w.procurement_from) return false;
  }
  return true;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

function formatYears(years: number): string {
  const r = round2(years);
  return `${r} year${r === 1 ? '' : 's'}`;
}
