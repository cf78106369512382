/**
 * Dated policy numbers (thresholds, payment terms, statutory duties). They change with the
 * law, so they are data with an `effective_from` date, not constants in code.
 */
import * as z from 'zod/mini';
import { BuyerTypeSchema, ContractTypeSchema, NationSchema } from './contract.js';
import { IsoDate } from './iso-date.js';
import { Text } from './common.js';

const NonEmpty = <T extends z.ZodMiniType>(item: T) => z.array(item).check(z.minLength(1, 'needs at least one entry'));
const Amount = z.number().check(z.gte(0, 'must not be negative'));

export const ThresholdSchema = z.strictObject({
  contract_types: NonEmpty(ContractTypeSchema),
  buyer_types: NonEmpty(BuyerTypeSchema),
  amount: z.number().check(z.gt(0, 'must be more than 0')),
  label: Text,
});
export type Threshold = z.infer<typeof ThresholdSchema>;

export const ThresholdSetSchema = z.strictObject({
  effective_from: IsoDate,
  nations: NonEmpty(NationSchema),
  vat_inclusive: z.boolean(),
  source: Text,
  thresholds: NonEmpty(ThresholdSchema),
});
export type ThresholdSet = z.infer<typeof ThresholdSetSchema>;

/** A duty that follows from the contract's facts, shown in the report's "derived facts". */
export const DutySchema = z.strictObject({
  id: Text,
  text: Text,
  source: Text,
  when: z.strictObject({
    value_at_least: z.optional(Amount),
    value_above: z.optional(Amount),
    above_threshold: z.optional(z.boolean()),
    contract_types: z.optional(NonEmpty(ContractTypeSchema)),
    buyer_types: z.optional(NonEmpty(BuyerTypeSchema)),
    nations: z.optional(NonEmpty(NationSchema)),
    procurement_from: z.optional(IsoDate),
  }),
});
export type Duty = z.infer<typeof DutySchema>;

export const PolicySchema = z.strictObject({
  kind: z.literal('policy'),
  id: Text,
  title: Text,
  version: Text,
  vat_rate_pct: z.number().check(z.gte(0, 'must be between 0 and 100'), z.lte(100, 'must be between 0 and 100')),
  payment_terms_max_days: z.int('must be a whole number').check(z.gte(1, 'must be at least 1')),
  threshold_sets: NonEmpty(ThresholdSetSchema),
  duties: z._default(z.array(DutySchema), []),
});
export type Policy = z.infer<typeof PolicySchema>;
