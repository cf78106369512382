/**
 * OCDS -> kil contract facts, each with where it came from (see docs/ocds-field-map.md for the
 * map and its traps). Pure. One small rule per fact, in rules/; this file runs them in order
 * (the order of the facts in the contract file, and of its points to check). What kil assumes
 * where a notice is silent is data (`rules`, the policy file's ocds_import section). Contact
 * points are never read, so no name, email or phone can reach a contract file.
 */
import type { ImportRules } from '../../model/ocds-import.js';
import type { Json } from './items.js';
import { MAX_FLAGS } from './limits.js';
import { readNotice, type Found, type ImportedFact } from './notice.js';
import { buyerIdentifierRule, buyerNameRule, buyerPostcodeRule, buyerTypeRule, findBuyer, nationRule } from './rules/buyer.js';
import { tenderersRule, tenderWindowRule } from './rules/competition.js';
import { contractPeriodOf, durationRule, procurementStartRule, startDateRule } from './rules/dates.js';
import { criteriaRule, socialValueTextRule } from './rules/evaluation.js';
import { lotsRule } from './rules/lots.js';
import { procedureRule } from './rules/procedure.js';
import { sourceRule } from './rules/source.js';
import { contractTypeRule, cpvRule, deliveryLocationsRule, serviceRule } from './rules/subject.js';
import { suitabilityRule, suppliersRule } from './rules/suppliers.js';
import { titleRule } from './rules/title.js';
import { awardedValueRule, estimateRule } from './rules/value.js';
import { shippedRules } from './shipped-rules.js';

export type { How, ImportedFact } from './notice.js';
export { checkAmount, MAX_AMOUNT, MAX_ITEMS, MAX_NAME, MAX_TEXT } from './limits.js';
export { extensionFromText, initialFromText } from './prose.js';

export interface Imported {
  ocid: string;
  facts: ImportedFact[];
  /** Things a person should check: placeholders, lots only in text, and the like. */
  flags: string[];
  /** The rubric set the contract file names (the policy's ocds_import.rubric_set). */
  rubricSet?: string;
}

/** The ocid with mySociety's "raw" marker taken out (ocds-b5fd17raw- is ocds-b5fd17-). */
export const realOcid = (ocid: string): string => ocid.replace(/^ocds-b5fd17raw-/, 'ocds-b5fd17-');

/** The facts of one process's compiled release; `rules` default to those of kil's own policy file. */
export function mapRelease(ocid: string, r: Json, rules: ImportRules = shippedRules()): Imported {
  const read = readNotice(ocid, r);
  const n = read.notice;
  const buyer = findBuyer(n);
  const buyerName = buyerNameRule(n, buyer);
  const cpv = cpvRule(n, rules);
  const contractType = contractTypeRule(n, cpv.lightTouch, rules);
  const estimate = estimateRule(n, contractType.contractType, rules);
  const period = contractPeriodOf(n);
  const criteria = criteriaRule(n);
  // In this order: the facts' order is the contract file's, the flags' the points to check.
  const found: Found[] = [
    read,
    titleRule(n),
    buyerName,
    buyerTypeRule(buyer, buyerName.name, rules),
    nationRule(n, rules),
    buyerPostcodeRule(buyer),
    buyerIdentifierRule(buyer),
    cpv,
    contractType,
    serviceRule(n),
    deliveryLocationsRule(n),
    estimate,
    awardedValueRule(n, rules),
    startDateRule(period),
    procurementStartRule(n, rules),
    durationRule(n, period),
    lotsRule(n, rules),
    procedureRule(n),
    tenderWindowRule(n, rules),
    criteria,
    socialValueTextRule(n, criteria.criteria),
    suitabilityRule(n),
    suppliersRule(n),
    tenderersRule(n),
    sourceRule(n),
  ];
  const imported: Imported = { ocid: realOcid(ocid), facts: found.flatMap((f) => f.facts), flags: pointsToCheck(found.flatMap((f) => f.flags)) };
  if (rules.ocds.rubric_set !== undefined) imported.rubricSet = rules.ocds.rubric_set;
  return imported;
}

/** Each point to check once, however many times it was met; no more than MAX_FLAGS listed. */
export function pointsToCheck(flags: string[]): string[] {
  const listed = [...new Set(flags)];
  if (listed.length <= MAX_FLAGS) return listed;
  const unlisted = listed.length - MAX_FLAGS;
  return [...listed.slice(0, MAX_FLAGS), `and ${unlisted} more point${unlisted === 1 ? '' : 's'} like these, not listed`];
}
