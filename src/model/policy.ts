/**
 * Dated policy numbers (thresholds, payment terms, statutory duties). They change with the
 * law, so they are data with an `effective_from` date, not constants in code.
 */
import { z } from 'zod';
import { BuyerTypeSchema, ContractTypeSchema, NationSchema } from './contract.js';
import { IsoDate } from './iso-date.js';

export const ThresholdSchema = z.strictObject({
  contract_types: z.array(ContractTypeSchema).min(1),
  buyer_types: z.array(BuyerTypeSchema).min(1),
  amount: z.number().positive(),
  label: z.string().trim().min(1),
});
export type Threshold = z.infer<typeof ThresholdSchema>;

export const ThresholdSetSchema = z.strictObject({
  effective_from: IsoDate,
  nations: z.array(NationSchema).min(1),
  vat_inclusive: z.boolean(),
  source: z.string().trim().min(1),
  thresholds: z.array(ThresholdSchema).min(1),
});
export type ThresholdSet = z.infer<typeof ThresholdSetSchema>;

/** A duty that follows from the contract's facts, shown in the report's "derived facts". */
export const DutySchema = z.strictObject({
  id: z.string().min(1),
  text: z.string().trim().min(1),
  source: z.string().trim().min(1),
  when: z.strictObject({
    value_at_least: z.number().min(0).optional(),
    value_above: z.number().min(0).optional(),
    above_threshold: z.boolean().optional(),
    contract_types: z.array(ContractTypeSchema).min(1).optional(),
    buyer_types: z.array(BuyerTypeSchema).min(1).optional(),
    nations: z.array(NationSchema).min(1).optional(),
    procurement_from: IsoDate.optional(),
  }),
});
export type Duty = z.infer<typeof DutySchema>;

export const PolicySchema = z.strictObject({
  kind: z.literal('policy'),
  id: z.string().min(1),
  title: z.string().trim().min(1),
  version: z.string().trim().min(1),
  vat_rate_pct: z.number().min(0).max(100),
  payment_terms_max_days: z.number().int().min(1),
  threshold_sets: z.array(ThresholdSetSchema).min(1),
  duties: z.array(DutySchema).default([]),
});
export type Policy = z.infer<typeof PolicySchema>;
