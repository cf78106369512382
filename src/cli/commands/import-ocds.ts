/**
 * `kil import ocds INPUT... --out-dir DIR`: published notices (OCDS JSON) in, one contract
 * file per contracting process out. A bad input is reported and the others still imported.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileNameForOcid, importedContract, importOcds, renderImported } from '../../import/ocds/index.js';
import { formatDiagnostic } from '../../load/diagnostic.js';
import { ContractSchema } from '../../model/contract.js';
import { EXIT } from '../exit-codes.js';
import { readStreamText, readTextFile, writeFileAtomic } from '../files.js';
import { UserError } from '../user-error.js';
import type { BatchIo } from './batch.js';

/** A year of national notices is large; anything beyond this is not an OCDS export. */
const MAX_OCDS_BYTES = 1024 * 1024 * 1024;

export async function runImportOcds(inputs: string[], opts: { outDir: string; force?: boolean }, io: BatchIo): Promise<number> {
  if (inputs.length === 0) throw new UserError('kil import ocds needs at least one OCDS JSON file, or "-" for standard input');
  try {
    mkdirSync(opts.outDir, { recursive: true });
  } catch (error) {
    throw new UserError(`${opts.outDir}: cannot create the output folder (${(error as Error).message}); choose another with --out-dir`);
  }
  let failed = 0;
  let processes = 0;
  let written = 0;
  let facts = 0;
  let flagged = 0;
  const used = new Set<string>();
  for (const input of inputs) {
    let text: string;
    try {
      text = input === '-' ? await readStreamText('standard input', io.stdin(), MAX_OCDS_BYTES) : readTextFile(input, MAX_OCDS_BYTES);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      io.stderr(`${error.message}\n`);
      failed++;
      continue;
    }
    const name = input === '-' ? 'standard input' : input;
    const result = importOcds(name, text);
    for (const d of result.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
    failed += result.diagnostics.filter((d) => d.severity === 'error').length;
    for (const imported of result.imported) {
      processes++;
      let file = fileNameForOcid(imported.ocid);
      for (let n = 2; used.has(file); n++) file = fileNameForOcid(`${imported.ocid}-${n}`);
      used.add(file);
      const target = join(opts.outDir, file);
      // What kil writes must be a contract kil reads: a failure here is a bug, so say so loudly.
      const check = ContractSchema.safeParse(importedContract(imported));
      if (!check.success) throw new Error(`import of ${imported.ocid} produced an invalid contract: ${JSON.stringify(check.error.issues)}`);
      const yaml = renderImported(imported, name);
      if (existsSync(target) && !opts.force) {
        io.stderr(`${target}: already exists (answers may have been added since); not replaced. Use --force to replace it\n`);
        failed++;
        continue;
      }
      writeFileAtomic(target, yaml);
      written++;
      facts += imported.facts.length;
      if (imported.flags.length > 0) flagged++;
    }
  }
  io.stderr(
    `${processes} contracting process${processes === 1 ? '' : 'es'} in ${inputs.length} input${inputs.length === 1 ? '' : 's'}; ` +
      `${written} contract file${written === 1 ? '' : 's'} written to ${opts.outDir}; ${facts} facts found` +
      `${written > 0 ? ` (${(facts / written).toFixed(1)} a file)` : ''}; ${flagged} file${flagged === 1 ? '' : 's'} with points to check` +
      `${failed > 0 ? `; ${failed} problem${failed === 1 ? '' : 's'} above` : ''}\n`,
  );
  if (written > 0) io.stderr(`Next: kil batch ${opts.outDir}   (or kil assess FILE in a terminal to answer the rest)\n`);
  return failed > 0 ? EXIT.input : EXIT.ok;
}
