/**
 * OCDS notices in, contract files out: read, group by process, map facts, render. Pure, but for
 * kil's own import rules (rubrics/policy.yaml), read once when a caller gives none.
 */
import type { Diagnostic } from '../../load/diagnostic.js';
import { compileProcess } from './container.js';
import { ProcessGroups, type Process } from './group.js';
import { dropInvalidFacts } from './guard.js';
import { mapRelease, type Imported } from './map.js';
import { OcdsReader, type ReaderOptions } from './reader.js';
import type { ImportRules } from '../../model/ocds-import.js';

export { fileNameForOcid, importedContract, renderImported } from './render.js';
export type { Imported, ImportedFact } from './map.js';
export type { Process } from './group.js';
export { OcdsReader, type ReaderOptions } from './reader.js';
export { rulesFromPolicy, shippedRules } from './shipped-rules.js';
export type { ImportRules } from '../../model/ocds-import.js';

/** One contracting process as the facts of a contract, each saying where it came from; `rules` default to kil's own. */
export function importProcess(p: Process, rules?: ImportRules): Imported {
  const notes: string[] = [];
  const result = mapRelease(p.ocid, compileProcess(p, notes), rules);
  result.flags.push(...notes);
  return dropInvalidFacts(result);
}

/** A whole input already in memory (text or bytes), by the same reader the CLI streams through. */
export function importOcds(file: string, input: string | Uint8Array, options?: ReaderOptions, rules?: ImportRules): { imported: Imported[]; diagnostics: Diagnostic[] } {
  const groups = new ProcessGroups();
  const diagnostics: Diagnostic[] = [];
  const reader = new OcdsReader(file, { item: (item) => groups.add(item, file), diagnostic: (d) => diagnostics.push(d) }, options);
  reader.write(typeof input === 'string' ? new TextEncoder().encode(input) : input);
  reader.end();
  return { imported: groups.processes().map((p) => importProcess(p, rules)), diagnostics };
}
