/**
 * What a person needs to know about a field of a kil file, attached to the field's zod schema
 * where it is defined. The schema says what is valid; this says what the field means. From the
 * two together come the interview's prompts, the `kil init` template, the JSON Schema for
 * editors, the field table in docs/contract-file.md and the messages about a wrong value (see field-table.ts).
 */
import * as z from 'zod/mini';

export interface FieldMeta {
  /** What the fact is, as a noun phrase: "Estimated value". */
  label: string;
  /** The interview's question, when it should read differently from the label. */
  prompt?: string;
  /** One or two sentences for people: shown in the interview, the template, hover help. */
  help?: string;
  /** The unit of a number as people say it: "pounds", "months", "days", "%", "organisations". */
  unit?: string;
  /** A typical valid value: shown in the template, the JSON Schema and "write 650000" messages. */
  example?: unknown;
  /** Human labels for a choice's values (the keys are what the file holds). */
  choices?: Readonly<Record<string, string>>;
  /**
   * When the interview asks it: always; only for a new file (it feeds no answer); only below
   * the threshold; in the lots step; never (kil fills it in, or notices carry it).
   */
  ask?: 'always' | 'new-file' | 'below-threshold' | 'lots' | 'never';
  /** For a required field in the template: what stands there until the person changes it. */
  starter?: unknown;
  /** A text field that holds a date: asked and checked as YYYY-MM-DD. */
  date?: boolean;
  /** Groups (buyer, value, ...): a whole-group rule people must know, e.g. "add up to 100". */
  rule?: string;
}

/** kil's registry of field metadata: one entry per field schema in model/. */
export const fieldMeta = z.registry<FieldMeta>();

/** Attach the metadata to a schema and return the schema: `amount: fact(Money, {...})`. */
export function fact<S extends z.ZodMiniType>(schema: S, meta: FieldMeta): S {
  fieldMeta.add(schema, meta);
  return schema;
}
