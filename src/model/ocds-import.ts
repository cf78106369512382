/**
 * What `kil import ocds` assumes where a published notice is silent or ambiguous, as data (the
 * `ocds_import` section of the policy file): which CPV codes are light-touch services, which
 * amounts are placeholders, what VAT basis an amount has, which buyers count as central
 * government, which publisher stands for which nation. A council edits these in YAML; the
 * mapping (src/import/ocds/) only applies them, and says in the contract file which it used.
 */
import * as z from 'zod/mini';
import { BuyerTypeSchema, ContractTypeSchema, NationSchema } from './contract.js';
import { Text } from './common.js';

const Word = z.string().check(z.trim(), z.minLength(1, 'must not be empty'));

/** A VAT basis assumed for an amount the notice does not say it for, and why (said in the points to check). */
export const VatAssumptionSchema = z.strictObject({
  vat: z.enum(['excluded', 'exempt', 'included']),
  because: Text,
});
export type VatAssumption = z.infer<typeof VatAssumptionSchema>;

export const OcdsImportSchema = z.strictObject({
  /** Amounts the portals publish when they mean "not given": never imported as a value. */
  placeholder_amounts: z.array(z.number()),
  light_touch: z.strictObject({
    /** A CPV code starting with one of these makes the contract light-touch services. */
    cpv_prefixes: z.array(z.string().check(z.regex(/^\d{1,8}$/, 'must be the first 1 to 8 digits of a CPV code, written in quotes ("85")'))),
    /** How the contract file says why (after "kil heuristic:"). */
    said_as: Text,
  }),
  /** The contract type when the notice gives no category and no CPV code is light-touch. */
  contract_type_when_not_stated: ContractTypeSchema,
  /** The VAT basis of tender.value.amount when the notice gives no amountGross: by contract type, else the default. */
  vat_when_not_stated: z.strictObject({
    by_contract_type: z._default(z.partialRecord(ContractTypeSchema, VatAssumptionSchema), {}),
    default: VatAssumptionSchema,
  }),
  /** Whether the estimate (tender.value) is taken to include the extension options. */
  estimate_includes_extensions: z.boolean(),
  buyer_type: z.strictObject({
    /** A TED authority type containing one of these words (any case) is central government; any other is sub-central. */
    central_authority_words: z.array(Word),
    /** A buyer whose name has one of these words, or ends in one of these, counts as central government whatever authority type it publishes. */
    central_by_name: z.strictObject({
      words: z._default(z.array(Word), []),
      endings: z._default(z.array(Word), []),
      because: Text,
    }),
    /** With no authority type and no such name. */
    otherwise: z.strictObject({ type: BuyerTypeSchema, because: Text }),
  }),
  /** The nation of a notice by its publisher, known from the ocid's prefix; the first that matches. */
  publishers: z.array(z.strictObject({ ocid_prefix: Word, nation: NationSchema, name: Text })),
  /** The nation when no publisher above matches. */
  nation_when_unknown: NationSchema,
  /**
   * Where a tender notice (tag "tender") gives neither tender.tenderPeriod.startDate nor
   * tender.datePublished, its own date (release.date) is when the tender went out, except for
   * ocids starting with one of these (copies whose release dates were made up). Absent: never.
   */
  tender_start_from_release_date: z.optional(z.strictObject({ not_for_ocid_prefixes: z._default(z.array(Word), []), because: Text })),
  /**
   * The rubric set each imported contract file names (rubric_set:), so that it is assessed on it
   * by default: one scored from what the notice publishes. Absent: none is named (Keep it Local).
   */
  rubric_set: z.optional(z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a rubric set id such as published-record'))),
});
export type OcdsImport = z.infer<typeof OcdsImportSchema>;

/** What the mapping needs: the import section and the VAT rate the policy puts on a value without VAT. */
export interface ImportRules {
  ocds: OcdsImport;
  vatRatePct: number;
}
