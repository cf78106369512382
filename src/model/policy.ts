/**
 * Which procurement law applies, as data: for each regime (Procurement Act 2023, PCR 2015, the
 * Scottish regime, the Provider Selection Regime, none for grants), the nations, routes and
 * dates it covers, its thresholds, what it provides for (features rubric questions can need),
 * and its duties, each with its source and whether it was verified. Nothing in TypeScript names
 * a nation's law: a council edits this file when the law changes.
 */
import * as z from 'zod/mini';
import { BuyerTypeSchema, ContractTypeSchema, NationSchema, ProcedureSchema } from './contract.js';
import { Id, Text } from './common.js';
import { IsoDate } from './iso-date.js';
import { OcdsImportSchema } from './ocds-import.js';

const NonEmpty = <T extends z.ZodMiniType>(item: T) => z.array(item).check(z.minLength(1, 'needs at least one entry'));
const Amount = z.number().check(z.gte(0, 'must not be negative'));

/** How a contract is let: a procurement under procurement law, a PSR award, or a grant. */
export const RouteSchema = z.enum(['procurement', 'psr', 'grant']);
export type Route = z.infer<typeof RouteSchema>;

/** When a threshold, duty or feature applies; every part given must hold. */
export const ConditionSchema = z.strictObject({
  nations: z.optional(NonEmpty(NationSchema)),
  contract_types: z.optional(NonEmpty(ContractTypeSchema)),
  buyer_types: z.optional(NonEmpty(BuyerTypeSchema)),
  procedures: z.optional(NonEmpty(ProcedureSchema)),
  /** The procedure is none of these (a call-off or direct award the duty does not reach); an unknown procedure passes. */
  procedures_not: z.optional(NonEmpty(ProcedureSchema)),
  value_at_least: z.optional(Amount),
  value_above: z.optional(Amount),
  /**
   * The value is at or above the threshold the regime sets, on the date, for this kind of contract
   * let by the contract's buyer type (e.g. the Social Value Act reaches light-touch services from
   * the goods and services threshold). Fails when kil has no such threshold.
   */
  value_at_least_threshold_of: z.optional(ContractTypeSchema),
  /** The value is below that threshold (works under the s.85(3) amount); fails when kil has no such threshold. */
  value_below_threshold_of: z.optional(ContractTypeSchema),
  /** false: the amounts above exclude VAT (as the Scottish Act's are). Default: VAT included. */
  vat_inclusive: z.optional(z.boolean()),
  above_threshold: z.optional(z.boolean()),
  /** The procurement started on or after this date. */
  procurement_from: z.optional(IsoDate),
  /** The procurement started on or before this date. */
  procurement_until: z.optional(IsoDate),
});
export type Condition = z.infer<typeof ConditionSchema>;

export const ThresholdSchema = z.strictObject({
  contract_types: NonEmpty(ContractTypeSchema),
  buyer_types: NonEmpty(BuyerTypeSchema),
  amount: z.number().check(z.gt(0, 'must be more than 0')),
  label: Text,
  verified: z._default(z.boolean(), true),
});
export type Threshold = z.infer<typeof ThresholdSchema>;

export const ThresholdSetSchema = z.strictObject({
  effective_from: IsoDate,
  /** Only for some nations of the regime (e.g. a set not yet in force in one of them). */
  nations: z.optional(NonEmpty(NationSchema)),
  vat_inclusive: z.boolean(),
  source: Text,
  thresholds: NonEmpty(ThresholdSchema),
});
export type ThresholdSet = z.infer<typeof ThresholdSetSchema>;

/** A duty that follows from the contract's facts, shown in the report's "derived facts". */
export const DutySchema = z.strictObject({
  id: Id,
  text: Text,
  source: Text,
  /** false: kil could not check it against the legislation; the report says so. */
  verified: z._default(z.boolean(), true),
  when: z._default(ConditionSchema, {}),
});
export type Duty = z.infer<typeof DutySchema>;

/**
 * Something a regime provides for, which a rubric question may need (`needs:` in the rubric) and
 * a rubric text may cite (`{law:id}`): the regime says where it applies and how it is cited.
 */
export const FeatureSchema = z.strictObject({
  id: Id,
  /** What it is, as the report says why a question does not apply ("it has no competitive tender"). */
  text: Text,
  /**
   * Law of these nations only (a Scottish duty). For a buyer elsewhere a question needing it is
   * about another nation's law, not a gap in the contract: the reports leave it out.
   */
  nations: z.optional(z.array(NationSchema)),
});
export type Feature = z.infer<typeof FeatureSchema>;

/** A feature of a regime, everywhere it applies or only under a condition. */
export const RegimeFeatureSchema = z.union([
  Id,
  z.strictObject({
    id: Id,
    when: z.optional(ConditionSchema),
    /**
     * How a report cites the provision under this regime ("PA23 s.18"): a rubric text's
     * `[[... {law:id} ...]]` segment shows it. Without one the practice applies but nothing is cited.
     */
    cite: z.optional(Text),
  }),
]);
export type RegimeFeature = z.infer<typeof RegimeFeatureSchema>;

export const RegimeSchema = z.strictObject({
  id: Id,
  name: Text,
  source: Text,
  verified: z._default(z.boolean(), true),
  applies: z.strictObject({
    nations: NonEmpty(NationSchema),
    routes: NonEmpty(RouteSchema),
    /** Only these kinds of contract (concessions had regulations of their own before the Act); a contract of unknown type matches. */
    contract_types: z.optional(NonEmpty(ContractTypeSchema)),
    /** Procurements started on or after this date (inclusive). */
    from: z.optional(IsoDate),
    /** Procurements started on or before this date (inclusive). */
    until: z.optional(IsoDate),
  }),
  features: z._default(z.array(RegimeFeatureSchema), []),
  /** The payment term the regime implies for undisputed invoices, in days. */
  payment_terms_max_days: z.optional(z.int('must be a whole number').check(z.gte(1, 'must be at least 1'))),
  payment_terms_source: z.optional(Text),
  threshold_sets: z._default(z.array(ThresholdSetSchema), []),
  duties: z._default(z.array(DutySchema), []),
  /** What kil does not know yet about this regime, said in the report and docs/law.md. */
  gaps: z._default(z.array(Text), []),
});
export type Regime = z.infer<typeof RegimeSchema>;

export const PolicySchema = z.strictObject({
  kind: z.literal('policy'),
  id: Id,
  title: Text,
  version: Text,
  vat_rate_pct: z.number().check(z.gte(0, 'must be between 0 and 100'), z.lte(100, 'must be between 0 and 100')),
  /** Prompt payment when a regime sets no term of its own (a grant): a kil heuristic. */
  payment_terms_max_days: z.int('must be a whole number').check(z.gte(1, 'must be at least 1')),
  /** A council profile reviewed longer ago than this many months is flagged in every report (a kil heuristic; 12 when absent). */
  council_review_months: z._default(z.int('must be a whole number').check(z.gte(1, 'must be between 1 and 120'), z.lte(120, 'must be between 1 and 120')), 12),
  /** The route of each procedure; a procedure not listed is a procurement. */
  procedure_routes: z._default(z.partialRecord(ProcedureSchema, RouteSchema), {}),
  /** What kil import ocds assumes where a notice is silent (src/model/ocds-import.ts); optional, so older policy files still load for scoring. */
  ocds_import: z.optional(OcdsImportSchema),
  features: NonEmpty(FeatureSchema),
  regimes: NonEmpty(RegimeSchema),
});
export type Policy = z.infer<typeof PolicySchema>;
