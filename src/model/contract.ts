/**
 * The contract file format: the procurement's facts plus the commissioner's answers.
 * This zod schema is the single source of the contract types.
 */
import { z } from 'zod';
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

const Money = z.number().finite().min(0, 'must not be negative');
const Pct = z.number().finite().min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100');
const Count = z.number().int('must be a whole number').min(0, 'must not be negative');
const Text = z.string().trim().min(1, 'must not be empty');

export const LotSchema = z.strictObject({
  id: Text,
  title: Text.optional(),
  /** The neighbourhood (ward, PCN area, locality) the lot covers, if any. */
  neighbourhood: Text.optional(),
  value: Money,
});
export type Lot = z.infer<typeof LotSchema>;

export const ProcurementSchema = z.strictObject({
  title: Text,
  reference: Text.optional(),
  buyer: z.strictObject({
    name: Text,
    type: BuyerTypeSchema,
    nation: NationSchema,
  }),
  service: Text.optional(),
  contract_type: ContractTypeSchema,
  place: z
    .strictObject({
      name: Text,
      neighbourhoods: z.array(Text).default([]),
    })
    .optional(),
  value: z
    .strictObject({
      amount: Money,
      currency: z.literal('GBP', 'only GBP is supported: convert the value to pounds'),
      vat: z.enum(['included', 'excluded', 'exempt']),
      /** Whether `amount` already covers every extension option, as PA23 valuation requires. */
      includes_extensions: z.boolean(),
    })
    .optional(),
  procurement_start: IsoDate.optional(),
  start_date: IsoDate.optional(),
  duration: z
    .strictObject({
      initial_months: z.number().int('must be a whole number of months').min(1, 'must be at least 1'),
      extension_months: Count.default(0),
    })
    .optional(),
  lots: z.array(LotSchema).optional(),
  /** Published reasons for not dividing into lots (PA23 s.18). */
  single_lot_reasons_published: z.boolean().optional(),
  max_lots_per_bidder: z.number().int().min(1).optional(),
  procedure: ProcedureSchema.optional(),
  evaluation: z
    .strictObject({
      price_pct: Pct,
      quality_pct: Pct,
      social_value_pct: Pct,
      quality_questions: Count.optional(),
    })
    .refine((e) => Math.abs(e.price_pct + e.quality_pct + e.social_value_pct - 100) < 1e-9, {
      message: 'price_pct, quality_pct and social_value_pct must add up to 100',
    })
    .optional(),
  tender_window_days: Count.optional(),
  expected_local_spend_pct: Pct.optional(),
  local_orgs_engaged: Count.optional(),
  reservation: ReservationSchema.optional(),
  sme_vcse_only: z.boolean().optional(),
  prequalification: z.boolean().optional(),
  max_turnover_multiple: z.number().finite().min(0, 'must not be negative').optional(),
  payment: z
    .strictObject({
      mechanism: PaymentMechanismSchema,
      terms_days: Count.optional(),
      full_cost_recovery: z.boolean().optional(),
      annual_uplift: z.boolean().optional(),
    })
    .optional(),
  options_appraisal_done: z.boolean().optional(),
});
export type Procurement = z.infer<typeof ProcurementSchema>;

/** An answer as written: the value (null means "not sure yet") and the evidence for it. */
export const AnswerSchema = z.strictObject({
  value: z.union([z.string(), z.number(), z.boolean(), z.null()], {
    error: 'must be a single answer (a word such as yes, or a number), or empty for "not sure yet"',
  }),
  note: z.string().optional(),
});
export type Answer = z.infer<typeof AnswerSchema>;

/** `S1.2: yes` is shorthand for `S1.2: {value: yes}`; a bare null is "not sure yet". */
const AnswerEntrySchema = z.preprocess(
  (raw) => (raw === null || typeof raw !== 'object' || Array.isArray(raw) ? { value: raw } : raw),
  AnswerSchema,
);

export const ContractSchema = z.strictObject({
  kil: z.literal(CONTRACT_FORMAT_VERSION, `must be ${CONTRACT_FORMAT_VERSION} (the contract file format version)`),
  procurement: ProcurementSchema,
  answers: z.record(z.string(), AnswerEntrySchema).default({}),
});
export type Contract = z.infer<typeof ContractSchema>;
