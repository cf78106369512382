/**
 * The contract file format: the procurement's facts plus the commissioner's answers.
 * This zod schema is the single source of the contract types.
 */
import * as z from 'zod/mini';
import { Text } from './common.js';
import { IsoDate } from './iso-date.js';

export const CONTRACT_FORMAT_VERSION = 1;

export const NationSchema = z.enum(['england', 'wales', 'scotland', 'northern-ireland']);
export type Nation = z.infer<typeof NationSchema>;
/** NHS trusts count as central government for thresholds (PA23 Schedule 1). */
export const BuyerTypeSchema = z.enum(['sub-central', 'central']);
export type BuyerType = z.infer<typeof BuyerTypeSchema>;
export const ContractTypeSchema = z.enum(['goods', 'services', 'light-touch', 'works', 'concession']);
export type ContractType = z.infer<typeof ContractTypeSchema>;
export const ProcedureSchema = z.enum([
  'open',
  'competitive-flexible',
  'direct-award',
  'framework-call-off',
  'dynamic-market',
  'quotes',
  'grant',
  'psr-direct-award',
  'psr-most-suitable-provider',
  'psr-competitive',
]);
export const PaymentMechanismSchema = z.enum(['block', 'cost-and-volume', 'part-payment-by-results', 'payment-by-results', 'grant']);
export const ReservationSchema = z.enum(['none', 'uk', 'local-area']);

/** £1 trillion: far beyond any public contract, and far from where sums overflow to Infinity. */
export const MAX_MONEY = 1e12;
const Money = z.number().check(z.gte(0, 'must not be negative'), z.lte(MAX_MONEY, 'is larger than any public contract (over £1 trillion); check the number'));
const Pct = z.number().check(z.gte(0, 'must be between 0 and 100'), z.lte(100, 'must be between 0 and 100'));
const Count = z.int('must be a whole number').check(z.gte(0, 'must not be negative'));

export const LotSchema = z.strictObject({
  id: Text,
  title: z.optional(Text),
  /** The neighbourhood (ward, PCN area, locality) the lot covers, if any. */
  neighbourhood: z.optional(Text),
  /** Left out when a notice does not give it. */
  value: z.optional(Money),
});
export type Lot = z.infer<typeof LotSchema>;

export const ProcurementSchema = z.strictObject({
  title: Text,
  reference: z.optional(Text),
  buyer: z.strictObject({
    name: Text,
    type: BuyerTypeSchema,
    nation: NationSchema,
    postcode: z.optional(Text),
  }),
  service: z.optional(Text),
  contract_type: ContractTypeSchema,
  place: z.optional(
    z.strictObject({
      name: Text,
      neighbourhoods: z._default(z.array(Text), []),
    }),
  ),
  value: z.optional(
    z.strictObject({
      amount: Money,
      currency: z.literal('GBP', 'only GBP is supported: convert the value to pounds'),
      vat: z.enum(['included', 'excluded', 'exempt']),
      /** Whether `amount` already covers every extension option, as PA23 valuation requires. */
      includes_extensions: z.boolean(),
    }),
  ),
  procurement_start: z.optional(IsoDate),
  start_date: z.optional(IsoDate),
  duration: z.optional(
    z.strictObject({
      initial_months: z.int('must be a whole number of months').check(z.gte(1, 'must be at least 1'), z.lte(1200, 'must be at most 1200 (100 years)')),
      extension_months: z._default(Count.check(z.lte(1200, 'must be at most 1200 (100 years)')), 0),
    }),
  ),
  lots: z.optional(z.array(LotSchema)),
  /** Published reasons for not dividing into lots (PA23 s.18). */
  single_lot_reasons_published: z.optional(z.boolean()),
  max_lots_per_bidder: z.optional(z.int('must be a whole number').check(z.gte(1, 'must be at least 1'))),
  procedure: z.optional(ProcedureSchema),
  evaluation: z.optional(
    z
      .strictObject({
        price_pct: Pct,
        quality_pct: Pct,
        social_value_pct: Pct,
        quality_questions: z.optional(Count),
      })
      .check(
        z.refine(
          (e) => Math.abs(e.price_pct + e.quality_pct + e.social_value_pct - 100) < 1e-9,
          'price_pct, quality_pct and social_value_pct must add up to 100',
        ),
      ),
  ),
  tender_window_days: z.optional(Count),
  expected_local_spend_pct: z.optional(Pct),
  local_orgs_engaged: z.optional(Count),
  reservation: z.optional(ReservationSchema),
  sme_vcse_only: z.optional(z.boolean()),
  prequalification: z.optional(z.boolean()),
  max_turnover_multiple: z.optional(Money),
  payment: z.optional(
    z.strictObject({
      mechanism: PaymentMechanismSchema,
      terms_days: z.optional(Count),
      full_cost_recovery: z.optional(z.boolean()),
      annual_uplift: z.optional(z.boolean()),
    }),
  ),
  options_appraisal_done: z.optional(z.boolean()),
  /** Facts published notices carry; recorded for the reader, not scored (yet). */
  cpv: z.optional(z.array(z.strictObject({ code: z.string().check(z.regex(/^\d{8}$/, 'must be an 8-digit CPV code')), description: z.optional(Text) }))),
  suppliers: z.optional(
    z.array(
      z.strictObject({
        name: Text,
        scale: z.optional(z.enum(['micro', 'small', 'medium', 'sme', 'large'])),
        vcse: z.optional(z.boolean()),
        postcode: z.optional(Text),
      }),
    ),
  ),
  suitable_for: z.optional(z.strictObject({ sme: z.optional(z.boolean()), vcse: z.optional(z.boolean()) })),
  awarded_value: z.optional(Money),
  delivery_locations: z.optional(z.array(Text)),
  award_criteria: z.optional(
    z.array(z.strictObject({ name: Text, type: z.enum(['price', 'cost', 'quality', 'social-value', 'other']), weight_pct: z.optional(Pct) })),
  ),
  /** Where the facts came from, e.g. an OCDS notice. */
  source: z.optional(z.strictObject({ ocid: z.optional(Text), notice: z.optional(Text), published: z.optional(Text), note: z.optional(Text) })),
});
export type Procurement = z.infer<typeof ProcurementSchema>;

/** An answer as written: the value (null means "not sure yet") and the evidence for it. */
export const AnswerSchema = z.strictObject({
  value: z.union([z.string(), z.number(), z.boolean(), z.null()], {
    error: 'must be a single answer (a word such as yes, or a number), or empty for "not sure yet"',
  }),
  note: z.optional(z.string()),
});
export type Answer = z.infer<typeof AnswerSchema>;

/** `S1.2: yes` is shorthand for `S1.2: {value: yes}`; a bare null is "not sure yet". */
export const AnswerEntrySchema = z.pipe(
  z.transform((raw: unknown) => (raw === null || typeof raw !== 'object' || Array.isArray(raw) ? { value: raw } : raw)),
  AnswerSchema,
);

export const ContractSchema = z.strictObject({
  kil: z.literal(CONTRACT_FORMAT_VERSION, `must be ${CONTRACT_FORMAT_VERSION} (the contract file format version)`),
  procurement: ProcurementSchema,
  answers: z._default(z.record(z.string(), AnswerEntrySchema), {}),
});
export type Contract = z.infer<typeof ContractSchema>;
