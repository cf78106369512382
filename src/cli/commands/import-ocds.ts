/**
 * `kil import ocds INPUT... --out-dir DIR`: published notices (OCDS JSON) in, one contract
 * file per contracting process out. A bad input is reported and the others still imported.
 */
import { constants as bufferConstants } from 'node:buffer';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileNameForOcid, importedContract, importOcds, renderImported } from '../../import/ocds/index.js';
import { formatDiagnostic } from '../../load/diagnostic.js';
import { ContractSchema } from '../../model/contract.js';
import { EXIT } from '../exit-codes.js';
import { fsyncFolder } from '../atomic-write.js';
import { createFile, readStreamText, readTextFile, writeFileAtomic } from '../files.js';
import { UserError } from '../user-error.js';
import type { BatchIo } from './batch.js';

/**
 * A file is read as one JavaScript string, which holds at most this many characters (V8:
 * about 512 MiB). A year of national notices is large, but a file beyond this is split first.
 */
const MAX_OCDS_BYTES = bufferConstants.MAX_STRING_LENGTH;
/** Standard input cannot be measured first: read up to 1 GiB, then told the same as a file. */
const MAX_OCDS_STDIN_BYTES = 1024 * 1024 * 1024;
const MiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** A file too large to read as one text is said so before reading it (600 MiB took seconds and memory). */
function readOcdsFile(path: string): string {
  let size: number | undefined;
  try {
    const st = statSync(path);
    if (st.isFile()) size = st.size;
  } catch {
    // readTextFile says what is wrong with the path.
  }
  if (size !== undefined && size > MAX_OCDS_BYTES) {
    throw UserError.at(path, `the file is ${MiB(size)}, more than kil can read as one text (${MiB(MAX_OCDS_BYTES)}); split it into smaller files`, 'too-large');
  }
  return readTextFile(path, MAX_OCDS_BYTES);
}

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
      text = input === '-' ? await readStreamText('standard input', io.stdin(), MAX_OCDS_STDIN_BYTES) : readOcdsFile(input);
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
      // Compared without case, so two names are never one file on a case-insensitive disk.
      let file = fileNameForOcid(imported.ocid);
      for (let n = 2; used.has(file.toLowerCase()); n++) file = fileNameForOcid(imported.ocid, n);
      used.add(file.toLowerCase());
      const target = join(opts.outDir, file);
      // What kil writes must be a contract kil reads: a failure here is a bug, so say so loudly.
      const check = ContractSchema.safeParse(importedContract(imported));
      if (!check.success) throw new Error(`import of ${imported.ocid} produced an invalid contract: ${JSON.stringify(check.error.issues)}`);
      const yaml = renderImported(imported, name);
      // Checking and creating are one step: another kil importing into the same folder at the
      // same time cannot slip in between and have its file replaced.
      // The folder is fsynced once at the end, not after each of thousands of files.
      if (opts.force) writeFileAtomic(target, yaml, { syncFolder: false });
      else if (!createFile(target, yaml, { syncFolder: false })) {
        io.stderr(`${target}: already exists (answers may have been added since); not replaced. Use --force to replace it\n`);
        failed++;
        continue;
      }
      written++;
      facts += imported.facts.length;
      if (imported.flags.length > 0) flagged++;
    }
  }
  fsyncFolder(opts.outDir); // the new files' directory entries, made durable together
  io.stderr(
    `${processes} contracting process${processes === 1 ? '' : 'es'} in ${inputs.length} input${inputs.length === 1 ? '' : 's'}; ` +
      `${written} contract file${written === 1 ? '' : 's'} written to ${opts.outDir}; ${facts} facts found` +
      `${written > 0 ? ` (${(facts / written).toFixed(1)} a file)` : ''}; ${flagged} file${flagged === 1 ? '' : 's'} with points to check` +
      `${failed > 0 ? `; ${failed} problem${failed === 1 ? '' : 's'} above` : ''}\n`,
  );
  if (written > 0) io.stderr(`Next: kil batch ${opts.outDir}   (or kil assess FILE in a terminal to answer the rest)\n`);
  return failed > 0 ? EXIT.input : EXIT.ok;
}

