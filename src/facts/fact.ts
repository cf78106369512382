/** What a fact is: its value (known, not applicable, or unknown for want of fields) and how it is computed. */
import type { Procurement } from '../model/contract.js';
import type { Policy } from '../model/policy.js';
import type { ProcurementFacts } from './procurement-facts.js';

export type FactValue =
  | { status: 'known'; value: number | string; explanation: string }
  | { status: 'not-applicable'; reason: string }
  | { status: 'unknown'; missing: string[] };

export interface FactContext {
  procurement: Procurement;
  facts: ProcurementFacts;
  policy: Policy;
}

interface FactBase {
  description: string;
  /** The fact can come out "not applicable", so a question derived from it must allow n/a. */
  mayBeNotApplicable?: boolean;
  /** Kept so that rubrics written for an earlier kil still load (e.g. "rubric 1.x"); the shipped rubrics no longer use it. */
  keptFor?: string;
  compute(ctx: FactContext): FactValue;
}
export type FactDefinition =
  | (FactBase & { kind: 'number' })
  | (FactBase & { kind: 'yes_no' })
  | (FactBase & { kind: 'choice'; options: readonly string[] });
