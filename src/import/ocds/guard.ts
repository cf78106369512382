/**
 * The last line of defence between a notice and a contract file. Pure. The mapping rules in
 * map.ts refuse what they know to be wrong (negative or implausible amounts, fractions where a
 * count goes, text too long); should a value ever slip past them, the fact holding it is left
 * out and flagged here, so one odd field never costs the whole process. What passes here is a
 * contract kil reads: the import writes it without checking again.
 */
import { ContractSchema } from '../../model/contract.js';
import type { Imported, ImportedFact } from './map.js';
import { importedContract } from './render.js';

export function dropInvalidFacts(imported: Imported): Imported {
  for (;;) {
    const check = ContractSchema.safeParse(importedContract(imported));
    if (check.success) return imported;
    const bad = new Map<ImportedFact, string>();
    for (const issue of check.error.issues) {
      if (issue.path[0] !== 'procurement') continue;
      const path = issue.path.slice(1).map(String);
      const fact = imported.facts.find((f) => f.path.every((key, i) => path[i] === key));
      if (fact && !bad.has(fact)) bad.set(fact, issue.message);
    }
    // Nothing left to drop (a required fact is wrong): a bug in the mapping, so said loudly.
    if (bad.size === 0) throw new Error(`import of ${imported.ocid} produced an invalid contract: ${JSON.stringify(check.error.issues)}`);
    imported.facts = imported.facts.filter((f) => !bad.has(f));
    for (const [fact, message] of bad) imported.flags.push(`${fact.path.join('.')} not imported: ${message}`);
  }
}
