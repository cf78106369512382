/** One contracting process as its contract file, mapped and rendered: on the main thread or an import worker. */
import { importProcess, renderImported, type ImportRules, type Process } from '../import/ocds/index.js';

/** One process's contract file: its ocid (as the file is named from it), its bytes and what it holds. */
export interface ImportedFile {
  ocid: string;
  bytes: Uint8Array;
  facts: number;
  flagged: boolean;
}

const utf8 = new TextEncoder();

/** A process mapped and rendered as its contract file. */
export function importedFile(process: Process, rules: ImportRules): ImportedFile {
  const imported = importProcess(process, rules);
  // Encoded here, so a worker hands over bytes and the main thread only writes them.
  const bytes = utf8.encode(renderImported(imported, process.inputs.join(', ')));
  return { ocid: imported.ocid, bytes, facts: imported.facts.length, flagged: imported.flags.length > 0 };
}
