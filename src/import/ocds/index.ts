/** OCDS notices in, contract files out: read, group by process, map facts, render. Pure. */
import type { Diagnostic } from '../../load/diagnostic.js';
import { compileProcess, readOcds } from './container.js';
import { dropInvalidFacts } from './guard.js';
import { mapRelease, type Imported } from './map.js';

export { fileNameForOcid, importedContract, renderImported } from './render.js';
export type { Imported, ImportedFact } from './map.js';

export function importOcds(file: string, text: string): { imported: Imported[]; diagnostics: Diagnostic[] } {
  const { processes, diagnostics } = readOcds(file, text);
  const imported = processes.map((p) => {
    const notes: string[] = [];
    const result = mapRelease(p.ocid, compileProcess(p, notes));
    result.flags.push(...notes);
    return dropInvalidFacts(result);
  });
  return { imported, diagnostics };
}
