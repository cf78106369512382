/**
 * The facts a rubric question may be derived from (`derive: <name>` in the rubric).
 * Code computes the fact from the contract; how the fact scores is rubric data
 * (number bands, yes/partly/no scale, choice scores), so a council can change it in YAML.
 */
import { PaymentMechanismSchema, type Procurement } from '../model/contract.js';
import { fieldAt, labelOf } from '../model/field-table.js';
import { withUnit } from '../model/typed-values.js';
import { formatMoney } from './money.js';
import type { FactContext, FactDefinition, FactValue } from './fact.js';
import { PUBLISHED_FACTS } from './published-facts.js';

export type { FactContext, FactDefinition, FactValue } from './fact.js';

const known = (value: number | string, explanation: string): FactValue => ({ status: 'known', value, explanation });
const unknown = (...missing: string[]): FactValue => ({ status: 'unknown', missing: missing.map((m) => `procurement.${m}`) });
const round2 = (n: number): number => Math.round(n * 100) / 100;

function numberFrom(value: number | undefined, field: string, describe: (v: number) => string): FactValue {
  return value === undefined ? unknown(field) : known(value, describe(value));
}

/**
 * A fact that is one procurement number as it stands. Its description is the field's label and
 * unit from the facts table, so the two cannot disagree.
 */
function fieldNumber(path: string, explain: (v: number) => string): FactDefinition {
  return {
    kind: 'number',
    // Read from the table when first wanted (rubric help, the template), not at start-up.
    get description() {
      const field = fieldAt(path.split('.'));
      if (!field || field.kind !== 'number') throw new Error(`fact from procurement.${path}: no such number field in the facts table`);
      // "Days bidders..." reads "days bidders..." mid-sentence; acronyms (VCSEs) stay as they are.
      return `${labelOf(field).replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase())} (procurement.${path})`;
    },
    compute: ({ procurement }) => {
      const value = path.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), procurement);
      return numberFrom(typeof value === 'number' ? value : undefined, path, explain);
    },
  };
}

/** kil's policy data has no threshold for this contract: a gap in kil's data, never a lost point. */
function noThreshold(ctx: FactContext): FactValue {
  const law = ctx.facts.regime ? ctx.facts.regime.name : 'the law that applies';
  return { status: 'not-applicable', reason: `kil has no ${law} threshold for this contract (see the derived facts), so threshold questions are not applicable` };
}

/** The policy feature that says the law lets this buyer reserve this competition (policy.yaml). */
/** The policy feature that gives a buyer the power to reserve a competition (the interview asks about reserving only where it holds). */
export const RESERVATION_FEATURE = 'below-threshold-reservation';

/** To whom a competition below the threshold is reserved, from the procurement's facts. */
function reservationOf(p: Procurement): FactValue {
  if (p.reservation === undefined) return unknown('reservation');
  if (p.reservation === 'local-area') return known('local-area', 'reserved to suppliers in the local area');
  if (p.sme_vcse_only) return known('sme-vcse-only', 'reserved to SMEs and VCSEs');
  if (p.reservation === 'uk') return known('uk', 'reserved to UK suppliers only');
  return known('none', 'not reserved');
}

/** Only below-threshold competitions can be reserved or must skip pre-qualification. */
function belowThresholdOnly(ctx: FactContext, then: () => FactValue): FactValue {
  if (ctx.facts.aboveThreshold === undefined) return ctx.procurement.value ? noThreshold(ctx) : unknown('value');
  if (ctx.facts.aboveThreshold) return { status: 'not-applicable', reason: 'the contract is at or above the threshold' };
  return then();
}

export const FACTS: Readonly<Record<string, FactDefinition>> = {
  social_value_weight_pct: fieldNumber('evaluation.social_value_pct', (v) => `social value is ${v}% of the evaluation`),
  tender_window_days: fieldNumber('tender_window_days', (v) => `bidders have ${withUnit(v, 'days')} to respond`),
  contract_years: {
    kind: 'number',
    description: 'contract length in years including extension options (procurement.duration)',
    compute: ({ facts }) =>
      facts.years === undefined ? unknown('duration') : known(round2(facts.years), `${withUnit(round2(facts.years), 'years')} including extension options`),
  },
  expected_local_spend_pct: fieldNumber('expected_local_spend_pct', (v) => `${v}% of the value is expected to be spent locally`),
  local_orgs_engaged: fieldNumber('local_orgs_engaged', (v) => `${withUnit(v, 'local organisations')} engaged before the market opens`),
  quality_questions: fieldNumber('evaluation.quality_questions', (v) => withUnit(v, 'quality questions')),
  resident_scored_pct: fieldNumber('evaluation.resident_scored_pct', (v) => (v === 0 ? 'residents score no part of the evaluation' : `residents or service users score ${v}% of the evaluation`)),
  max_turnover_multiple: fieldNumber('max_turnover_multiple', (v) => (v === 0 ? 'no minimum turnover is required' : `bidders need a turnover of ${v}× the annual value`)),
  local_bidders: fieldNumber('local_bidders', (v) => `${withUnit(v, 'local organisations')} could bid alone for the largest lot`),
  /** Used by rubrics written for kil 2.x; 3.0.0 sizes the largest lot over its whole life (largest_lot_value). */
  largest_lot_annual_value: {
    kind: 'number',
    keptFor: 'rubric 2.x',
    description: 'value a year of the largest lot (the whole contract if not lotted), excluding VAT, in pounds (procurement.value, lots and duration)',
    compute: ({ procurement: p, facts }) => {
      if (!p.value) return unknown('value');
      if (facts.years === undefined) return unknown('duration');
      const largest = facts.largestLotAtMost!;
      // Local providers carry a contract year by year, and their turnover excludes VAT.
      const exVat = facts.totalValue ? largest * (facts.totalValueExVat! / facts.totalValue) : largest;
      const annual = Math.round(exVat / facts.years);
      return facts.largestLotValue === undefined
        ? known(annual, `not every lot has a value, so kil takes the most the largest can be: ${formatMoney(annual)} a year excluding VAT`)
        : known(annual, `the largest lot is worth ${formatMoney(annual)} a year excluding VAT`);
    },
  },
  largest_lot_value: {
    kind: 'number',
    description: 'value of the largest lot (the whole contract if not lotted) over its whole life including extensions, excluding VAT, in pounds (procurement.value, lots and duration)',
    compute: ({ procurement: p, facts }) => {
      if (!p.value) return unknown('value');
      const largest = facts.largestLotAtMost!;
      // Local providers' turnover excludes VAT. The whole life, not a year: the same lot stretched over more years is no smaller.
      const exVat = Math.round(facts.totalValue ? largest * (facts.totalValueExVat! / facts.totalValue) : largest);
      return facts.largestLotValue === undefined
        ? known(exVat, `not every lot has a value, so kil takes the most the largest can be: ${formatMoney(exVat)} over its life, excluding VAT`)
        : known(exVat, `the largest lot is worth ${formatMoney(exVat)} over its life, excluding VAT`);
    },
  },
  /** Used by rubrics written for kil 1.x; 2.0.0 sizes lots by what local providers can carry instead. */
  largest_lot_threshold_ratio: {
    kind: 'number',
    keptFor: 'rubric 1.x',
    mayBeNotApplicable: true,
    description: 'value of the largest lot divided by the applicable threshold (procurement.value, lots and the policy thresholds)',
    compute: (ctx) => {
      const { procurement: p, facts } = ctx;
      if (!p.value) return unknown('value');
      if (!facts.threshold) return noThreshold(ctx);
      if (facts.largestLotValue === undefined) return unknown('lots[].value');
      const ratio = round2(facts.largestLotValue / facts.threshold.amount);
      return known(ratio, `largest lot ${formatMoney(facts.largestLotValue)} is ${ratio}× the ${formatMoney(facts.threshold.amount)} ${facts.threshold.label} threshold`);
    },
  },
  neighbourhoods_with_own_lot_pct: {
    kind: 'number',
    description: "% of the place's neighbourhoods that have a lot of their own (procurement.place.neighbourhoods, lots[].neighbourhood)",
    compute: ({ procurement: p }) => {
      if (!p.place) return unknown('place');
      const hoods = new Set(p.place.neighbourhoods.map((n) => n.toLowerCase()));
      if (hoods.size === 0) return unknown('place.neighbourhoods');
      const lots = p.lots ?? [];
      // An unlotted contract is one lot for the whole place: its own lot only if the place is one neighbourhood.
      // Counting neighbourhoods, not lots, means merging two lots can never raise the share.
      if (lots.length <= 1 && hoods.size === 1) {
        const covered = lots.length === 0 || (lots[0]!.neighbourhood !== undefined && hoods.has(lots[0]!.neighbourhood.toLowerCase()));
        return known(covered ? 100 : 0, covered ? 'one contract for a single neighbourhood' : 'the one lot does not name the neighbourhood');
      }
      const covered = new Set(lots.map((l) => l.neighbourhood?.toLowerCase()).filter((n): n is string => n !== undefined && hoods.has(n)));
      const pct = round2((covered.size / hoods.size) * 100);
      return known(pct, `${covered.size} of the place's ${hoods.size} neighbourhoods have a lot of their own`);
    },
  },
  /** Used by rubrics written for kil 1.x; 2.0.0 counts neighbourhoods (neighbourhoods_with_own_lot_pct). */
  lots_aligned_to_neighbourhoods_pct: {
    kind: 'number',
    keptFor: 'rubric 1.x',
    description: "% of lots that name one of the place's neighbourhoods (procurement.lots[].neighbourhood, procurement.place.neighbourhoods)",
    compute: ({ procurement: p }) => {
      if (!p.place) return unknown('place');
      const hoods = new Set(p.place.neighbourhoods.map((n) => n.toLowerCase()));
      const lots = p.lots ?? [];
      if (lots.length === 0) {
        // An unlotted contract is aligned only when the place is itself one neighbourhood.
        const aligned = hoods.size === 1;
        return known(aligned ? 100 : 0, aligned ? 'one contract for a single neighbourhood' : 'one contract across the whole place, not by neighbourhood');
      }
      const aligned = lots.filter((l) => l.neighbourhood !== undefined && hoods.has(l.neighbourhood.toLowerCase())).length;
      const pct = round2((aligned / lots.length) * 100);
      return known(pct, `${aligned} of ${lots.length} lots follow a named neighbourhood`);
    },
  },
  lot_structure: {
    kind: 'choice',
    options: ['single-lot-below-threshold', 'single-lot-no-reasons', 'single-lot-with-reasons', 'several-lots', 'several-lots-with-cap', 'reserved'],
    description:
      'how the competition is opened to small providers: divided, capped, or reserved below the threshold where the law allows (procurement.lots, single_lot_reasons_published, max_lots_per_bidder, reservation, sme_vcse_only; the threshold)',
    compute: ({ procurement: p, facts }) => {
      // Only where the policy gives the law's power to reserve (below the threshold, by its own
      // condition): at or above it the file's reservation is not something the buyer may do.
      const reserved = reservationOf(p);
      const saysReserved = reserved.status === 'known' && (reserved.value === 'local-area' || reserved.value === 'sme-vcse-only');
      if (saysReserved && facts.regime?.features.has(RESERVATION_FEATURE)) return known('reserved', reserved.explanation);
      // Said, but not something this buyer may do here: say so, rather than drop it without a word.
      const ignored = saysReserved ? `; the file says the competition is reserved, which is not counted: the law kil applies gives this buyer no power to reserve it here` : '';
      // An unlotted contract is one lot (docs/rubrics.md says so), not a missing fact.
      const lots = p.lots ?? [];
      if (lots.length <= 1) {
        // Below threshold a contract is small enough already; PA23 s.18 asks about lots only above it.
        if (facts.aboveThreshold === false) return known('single-lot-below-threshold', `one lot, and the whole contract is below the threshold${ignored}`);
        // Not "unknown": a hand answer could then claim several lots for a contract that has one.
        if (p.single_lot_reasons_published === undefined) return known('single-lot-no-reasons', `one lot, and the file does not say the reasons for not dividing it were published (single_lot_reasons_published)${ignored}`);
        return p.single_lot_reasons_published
          ? known('single-lot-with-reasons', `one lot, with the reasons for not dividing it published${ignored}`)
          : known('single-lot-no-reasons', `one lot, and no published reasons for not dividing it${ignored}`);
      }
      const capped = p.max_lots_per_bidder !== undefined && p.max_lots_per_bidder < lots.length;
      return capped
        ? known('several-lots-with-cap', `${lots.length} lots, at most ${p.max_lots_per_bidder} per bidder${ignored}`)
        : known('several-lots', `${lots.length} lots, no cap on how many one bidder may win${ignored}`);
    },
  },
  payment_mechanism: {
    kind: 'choice',
    options: PaymentMechanismSchema.options,
    description: 'how the provider is paid (procurement.payment.mechanism)',
    compute: ({ procurement: p }) => (p.payment ? known(p.payment.mechanism, `payment is ${p.payment.mechanism}`) : unknown('payment.mechanism')),
  },
  fair_payment_terms_met: {
    kind: 'number',
    description: 'how many of full cost recovery, an annual uplift and payment within the legal term the contract has, 0 to 3 (procurement.payment)',
    compute: ({ procurement: p, policy, facts }) => {
      const pay = p.payment;
      if (!pay) return unknown('payment');
      const missing = (['full_cost_recovery', 'annual_uplift', 'terms_days'] as const).filter((k) => pay[k] === undefined);
      if (missing.length > 0) return unknown(...missing.map((k) => `payment.${k}`));
      const term = facts.regime?.paymentTermsMaxDays ?? policy.payment_terms_max_days;
      const met = [
        pay.full_cost_recovery ? 'full cost recovery' : undefined,
        pay.annual_uplift ? 'an annual uplift' : undefined,
        pay.terms_days! <= term ? `payment within ${pay.terms_days} days (the term is ${term})` : undefined,
      ].filter((x): x is string => x !== undefined);
      return known(met.length, met.length > 0 ? `the contract has ${met.join(', ')}` : `no full cost recovery, no uplift, and payment slower than ${term} days`);
    },
  },
  options_appraised: {
    kind: 'yes_no',
    description: 'whether grant, alliance and other routes were appraised before choosing to tender (procurement.options_appraisal_done)',
    compute: ({ procurement: p }) =>
      p.options_appraisal_done === undefined
        ? unknown('options_appraisal_done')
        : known(p.options_appraisal_done ? 'yes' : 'no', p.options_appraisal_done ? 'an options appraisal was done' : 'no options appraisal was done'),
  },
  /** Used by rubrics written for kil 1.x; 2.x uses competition_reservation, 3.0.0 lot_structure. */
  below_threshold_reservation: {
    kind: 'choice',
    keptFor: 'rubric 1.x',
    options: ['local-area', 'sme-vcse-only', 'uk', 'none'],
    mayBeNotApplicable: true,
    description: 'to whom a below-threshold competition is reserved (procurement.reservation, sme_vcse_only)',
    compute: (ctx) => belowThresholdOnly(ctx, () => reservationOf(ctx.procurement)),
  },
  /** Used by rubrics written for kil 2.x; 3.0.0 makes reservation an option of lot_structure. */
  competition_reservation: {
    kind: 'choice',
    keptFor: 'rubric 2.x',
    options: ['local-area', 'sme-vcse-only', 'uk', 'none', 'above-threshold'],
    mayBeNotApplicable: true,
    description: 'to whom the competition is reserved; at or above the threshold it cannot be (procurement.reservation, sme_vcse_only, the threshold)',
    compute: (ctx) => {
      const { procurement: p, facts } = ctx;
      if (facts.aboveThreshold === undefined) return p.value ? noThreshold(ctx) : unknown('value');
      // Crossing the threshold takes the option away; it must not take the question away, or a
      // bigger contract would shed a penalty (rubric 2.0.0).
      if (facts.aboveThreshold) return known('above-threshold', 'at or above the threshold the competition cannot be reserved to the area or to SMEs and VCSEs');
      return reservationOf(p);
    },
  },
  no_prequalification: {
    kind: 'yes_no',
    description: 'whether the competition is free of a pre-qualification (suitability) stage (procurement.prequalification)',
    compute: ({ procurement: p }) =>
      p.prequalification === undefined
        ? unknown('prequalification')
        : p.prequalification
          ? known('no', 'there is a pre-qualification stage')
          : known('yes', 'no pre-qualification stage'),
  },
  /** Used by rubrics written for kil 1.x; 2.0.0 asks it of every competition (no_prequalification). */
  no_prequalification_below_threshold: {
    kind: 'yes_no',
    keptFor: 'rubric 1.x',
    mayBeNotApplicable: true,
    description: 'whether a below-threshold competition avoids a pre-qualification stage (procurement.prequalification)',
    compute: (ctx) =>
      belowThresholdOnly(ctx, () => {
        const p = ctx.procurement;
        if (p.prequalification === undefined) return unknown('prequalification');
        return p.prequalification ? known('no', 'there is a pre-qualification stage') : known('yes', 'no pre-qualification stage');
      }),
  },
  ...PUBLISHED_FACTS,
};

export const FACT_NAMES = Object.keys(FACTS);

/**
 * The fact of that name, looked up as an own property only: a rubric's `derive: constructor`
 * or `toString` must be an unknown fact, not something inherited from Object.prototype.
 */
export function factNamed(name: string): FactDefinition | undefined {
  return Object.hasOwn(FACTS, name) ? FACTS[name] : undefined;
}
