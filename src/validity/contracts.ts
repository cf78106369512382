/**
 * Random but valid contracts for the validity properties: every procurement fact kil scores,
 * in every nation, route and date kil's policy distinguishes, with answers to the library's own
 * questions (so a council's edited rubrics are checked on their questions, not on kil's).
 */
import fc from 'fast-check';
import type { RubricLibrary } from '../load/library.js';
import { NOT_APPLICABLE } from '../load/contract.js';
import {
  BuyerTypeSchema,
  ContractTypeSchema,
  NationSchema,
  PaymentMechanismSchema,
  ProcedureSchema,
  ReservationSchema,
  type Answer,
  type Contract,
  type Lot,
  type Procurement,
} from '../model/contract.js';
import type { Question } from '../model/rubric.js';

export const NEIGHBOURHOODS = ['North', 'Central', 'South', 'East', 'West'] as const;

/** Dates either side of every change of law kil knows (PA23, the 2026 thresholds, the reservation Order, Wales's duty). */
const DATES = ['2023-06-01', '2024-06-01', '2025-02-23', '2025-02-24', '2025-09-01', '2026-01-01', '2026-02-03', '2026-02-04', '2026-03-25', '2026-09-01', '2027-06-01'];

/** Amounts from £1,000 to £50m, spread evenly on a log scale so that every threshold is crossed. */
export const amount = fc.double({ min: 3, max: Math.log10(5e7), noNaN: true }).map((e) => Math.round(10 ** e));

const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 4 });

/** Lots for a place: a neighbourhood each (or none, or one outside the place), values summing to the total or left out. */
function lotsArb(): fc.Arbitrary<{ hoods: (string | undefined)[]; shares: number[] | undefined } | undefined> {
  return optional(
    fc.integer({ min: 0, max: 5 }).chain((n) =>
      fc.record({
        hoods: fc.array(fc.option(fc.constantFrom(...NEIGHBOURHOODS, 'Elsewhere'), { nil: undefined, freq: 3 }), { minLength: n, maxLength: n }),
        shares: fc.option(fc.array(fc.integer({ min: 1, max: 10 }), { minLength: n, maxLength: n }), { nil: undefined, freq: 4 }),
      }),
    ),
  );
}

export function buildLots(total: number | undefined, hoods: readonly (string | undefined)[], shares: readonly number[] | undefined): Lot[] {
  const sum = shares?.reduce((s, v) => s + v, 0) ?? 0;
  return hoods.map((h, i): Lot => {
    const lot: Lot = { id: `lot-${i + 1}` };
    if (h !== undefined) lot.neighbourhood = h;
    if (shares && total !== undefined && sum > 0) lot.value = (total * shares[i]!) / sum;
    return lot;
  });
}

function evaluationArb(): fc.Arbitrary<Procurement['evaluation']> {
  return optional(
    fc
      .record({
        social: fc.integer({ min: 0, max: 100 }),
        qualityShare: fc.double({ min: 0, max: 1, noNaN: true }),
        questions: optional(fc.integer({ min: 0, max: 40 })),
        residents: optional(fc.integer({ min: 0, max: 50 })),
      })
      .map(({ social, qualityShare, questions, residents }) => {
        const quality = Math.round((100 - social) * qualityShare);
        const e: NonNullable<Procurement['evaluation']> = { price_pct: 100 - social - quality, quality_pct: quality, social_value_pct: social };
        if (questions !== undefined) e.quality_questions = questions;
        if (residents !== undefined) e.resident_scored_pct = residents;
        return e;
      }),
  );
}

function procurementArb(): fc.Arbitrary<Procurement> {
  return fc
    .record({
      buyerType: fc.constantFrom(...BuyerTypeSchema.options),
      nation: fc.constantFrom(...NationSchema.options),
      contractType: fc.constantFrom(...ContractTypeSchema.options),
      procedure: optional(fc.constantFrom(...ProcedureSchema.options)),
      start: optional(fc.constantFrom(...DATES)),
      value: optional(fc.record({ amount, vat: fc.constantFrom('included', 'excluded', 'exempt') as fc.Arbitrary<'included' | 'excluded' | 'exempt'>, includesExtensions: fc.boolean() })),
      duration: optional(fc.record({ initial: fc.integer({ min: 1, max: 180 }), extension: fc.integer({ min: 0, max: 120 }) })),
      hoods: optional(fc.subarray([...NEIGHBOURHOODS])),
      lots: lotsArb(),
      reasons: optional(fc.boolean()),
      cap: optional(fc.integer({ min: 1, max: 5 })),
      evaluation: evaluationArb(),
      window: optional(fc.integer({ min: 0, max: 120 })),
      localSpend: optional(fc.integer({ min: 0, max: 100 })),
      engaged: optional(fc.integer({ min: 0, max: 20 })),
      bidders: optional(fc.integer({ min: 0, max: 10 })),
      reservation: optional(fc.constantFrom(...ReservationSchema.options)),
      smeOnly: optional(fc.boolean()),
      prequalification: optional(fc.boolean()),
      turnover: optional(fc.constantFrom(0, 0.5, 1, 2, 2.5, 3, 4, 10)),
      payment: optional(
        fc.record({
          mechanism: fc.constantFrom(...PaymentMechanismSchema.options),
          terms: optional(fc.integer({ min: 0, max: 90 })),
          fullCost: optional(fc.boolean()),
          uplift: optional(fc.boolean()),
        }),
      ),
      appraisal: optional(fc.boolean()),
    })
    .map((r) => {
      const p: Procurement = {
        title: 'Generated contract',
        buyer: { name: 'Example Council', type: r.buyerType, nation: r.nation },
        contract_type: r.contractType,
      };
      if (r.procedure) p.procedure = r.procedure;
      if (r.start) p.procurement_start = r.start;
      if (r.value) p.value = { amount: r.value.amount, currency: 'GBP', vat: r.value.vat, includes_extensions: r.value.includesExtensions };
      if (r.duration) p.duration = { initial_months: r.duration.initial, extension_months: r.duration.extension };
      if (r.hoods) p.place = { name: 'Example', neighbourhoods: r.hoods };
      if (r.lots) p.lots = buildLots(p.value?.amount, r.lots.hoods, r.lots.shares);
      if (r.reasons !== undefined) p.single_lot_reasons_published = r.reasons;
      if (r.cap !== undefined) p.max_lots_per_bidder = r.cap;
      if (r.evaluation) p.evaluation = r.evaluation;
      if (r.window !== undefined) p.tender_window_days = r.window;
      if (r.localSpend !== undefined) p.expected_local_spend_pct = r.localSpend;
      if (r.engaged !== undefined) p.local_orgs_engaged = r.engaged;
      if (r.bidders !== undefined) p.local_bidders = r.bidders;
      if (r.reservation) p.reservation = r.reservation;
      if (r.smeOnly !== undefined) p.sme_vcse_only = r.smeOnly;
      if (r.prequalification !== undefined) p.prequalification = r.prequalification;
      if (r.turnover !== undefined) p.max_turnover_multiple = r.turnover;
      if (r.payment) {
        p.payment = { mechanism: r.payment.mechanism };
        if (r.payment.terms !== undefined) p.payment.terms_days = r.payment.terms;
        if (r.payment.fullCost !== undefined) p.payment.full_cost_recovery = r.payment.fullCost;
        if (r.payment.uplift !== undefined) p.payment.annual_uplift = r.payment.uplift;
      }
      if (r.appraisal !== undefined) p.options_appraisal_done = r.appraisal;
      return p;
    });
}

/** Every answer a question can take, lowest score first for number questions' band edges. */
export function answerValues(q: Question): (string | number)[] {
  switch (q.type) {
    case 'yes_no':
      return ['yes', 'partly', 'no'];
    case 'maturity':
      return [0, 1, 2, 3, 4];
    case 'choice':
      return q.options.map((o) => o.value);
    case 'number': {
      const edges = q.bands.flatMap((b) => (b.min !== undefined ? [b.min] : [b.above!, b.above! + 1]));
      const inRange = (v: number) => v >= q.range.min && (q.range.max === undefined || v <= q.range.max) && (!q.integer || Number.isInteger(v));
      return [...new Set([q.range.min, ...edges, ...edges.map((e) => e - 1)])].filter(inRange);
    }
  }
}

function answersArb(library: RubricLibrary): fc.Arbitrary<Record<string, Answer>> {
  const questions = [...library.questions.values()].map((r) => r.question);
  return fc
    .tuple(
      ...questions.map((q) => {
        const values: (string | number)[] = answerValues(q);
        if (q.not_applicable !== undefined) values.push(NOT_APPLICABLE);
        return fc.option(fc.constantFrom(...values), { nil: undefined, freq: 4 });
      }),
    )
    .map((picked) => {
      const answers: Record<string, Answer> = {};
      picked.forEach((value, i) => {
        if (value !== undefined) answers[questions[i]!.id] = { value };
      });
      return answers;
    });
}

export function contractArb(library: RubricLibrary): fc.Arbitrary<Contract> {
  return fc.record({ procurement: procurementArb(), answers: answersArb(library) }).map(({ procurement, answers }): Contract => ({ kil: 1, procurement, answers }));
}
