/**
 * `kil import ocds INPUT... --out-dir DIR`: published notices (OCDS JSON, JSON Lines, either
 * gzipped) in, one contract file per contracting process out. Inputs are read as streams, so
 * any size fits; releases of one process are grouped across all the inputs (a year published as
 * monthly files), in memory while that is small and on disk beyond (src/cli/process-store.ts).
 * A bad input or line is reported and the rest still imported.
 */
import { lstatSync, mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileNameForOcid, OcdsReader, rulesFromPolicy } from '../../import/ocds/index.js';
import { formatDiagnostic } from '../../load/diagnostic.js';
import { formatNumber } from '../../model/number-text.js';
import { loadLibrary } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { removeKilTempFiles, WriteError } from '../atomic-write.js';
import { DurableWriter } from '../durable-writer.js';
import { writeErrorMessage } from '../files.js';
import { watchInterrupts } from '../interrupt.js';
import { importedFiles, ImportWorkers, workerSetup, type ImportedFile } from '../import-files.js';
import { GzipDamage, openOcds } from '../ocds-source.js';
import { ProcessStore, removeStaleSpills, SpillError, spillError } from '../process-store.js';
import { UserError } from '../user-error.js';
import type { BatchIo } from './batch.js';

/** Progress appears only in a terminal, once the import has run this long, this often. */
const PROGRESS_AFTER_MS = 1000;
const PROGRESS_EVERY_MS = 250;
/** Contract files written before they are made durable together (each holds a descriptor till then). */
const FILES_PER_COMMIT = 1000;

/**
 * Threads that map and render processes while the main thread writes their files (and maps
 * too, when it has none to write), for an input set aside on disk: one for each other core, up
 * to three (beyond that the main thread's writing is the limit).
 */
const IMPORT_WORKERS = Math.max(1, Math.min(3, availableParallelism() - 1));

const plural = (n: number, one: string, many = `${one}s`) => `${formatNumber(n)} ${n === 1 ? one : many}`;

/** A line on stderr that rewrites itself, in a terminal only. */
function progressLine(io: BatchIo) {
  const started = io.now();
  let last = started;
  let shown = false;
  return {
    show(text: (seconds: number) => string): void {
      if (!io.stderrIsTTY) return;
      const now = io.now();
      if (now - started < PROGRESS_AFTER_MS || now - last < PROGRESS_EVERY_MS) return;
      last = now;
      shown = true;
      io.stderr(`\r\u001b[2K${text((now - started) / 1000)}`);
    },
    clear(): void {
      if (shown) io.stderr('\r\u001b[2K');
      shown = false;
    },
  };
}

const rate = (n: number, seconds: number) => (seconds > 0 ? `${formatNumber(Math.round(n / seconds))}/s` : '');

export async function runImportOcds(inputs: string[], opts: { outDir: string; force?: boolean; jsonLines?: boolean; rubrics?: string }, io: BatchIo): Promise<number> {
  if (inputs.length === 0) throw new UserError('kil import ocds needs at least one OCDS file (JSON, JSON Lines, or either gzipped), or "-" for standard input');
  // What the mapping assumes where a notice is silent: the rubric folder's policy file says (ocds_import).
  const library = await loadLibrary(opts.rubrics, (line) => io.stderr(`${line}\n`));
  const found = rulesFromPolicy(library.policy);
  if ('problem' in found) throw new UserError(`${opts.rubrics ?? 'the built-in rubric folder'}: ${found.problem}`);
  const rules = found.rules;
  try {
    mkdirSync(opts.outDir, { recursive: true });
  } catch (error) {
    throw new UserError(`${opts.outDir}: cannot create the output folder (${(error as Error).message}); choose another with --out-dir`);
  }
  // What killed imports left behind: their spill folders and temporary files, once their process is gone.
  removeStaleSpills(opts.outDir);
  removeKilTempFiles(opts.outDir);
  let failed = 0;
  let released = 0;
  const store = new ProcessStore(opts.outDir, {
    skipped: (ocid, why) => {
      io.stderr(`${ocid.slice(0, 200)}: a release skipped: ${why}\n`);
      failed++;
    },
  });
  let workers: ImportWorkers | undefined;
  const interrupts = watchInterrupts();
  const progress = progressLine(io);
  try {
    // Pass 1: read every input, grouping releases by process.
    for (const input of inputs) {
      if (interrupts.signal.aborted) break;
      const name = input === '-' ? 'standard input' : input;
      let reader: OcdsReader | undefined;
      try {
        const source = await openOcds(input, io.stdin);
        let lastBytes = 0;
        reader = new OcdsReader(
          name,
          {
            item: (item, json) => {
              try {
                store.add(item, name, reader!.bytes - lastBytes, json);
              } catch (error) {
                throw spillError(error, opts.outDir);
              }
              // Started once the input is set aside (the second pass needs them), so they load while it is read.
              if (store.spilled && workers === undefined) workers = new ImportWorkers(IMPORT_WORKERS, workerSetup(store, rules));
              lastBytes = reader!.bytes;
            },
            diagnostic: (d) => {
              progress.clear();
              io.stderr(`${formatDiagnostic(d)}\n`);
            },
          },
          { jsonLines: opts.jsonLines ?? /\.(jsonl|ndjson)(\.gz)?$/i.test(input) },
        );
        for await (const chunk of source.chunks) {
          reader.write(chunk);
          progress.show((s) => `reading ${name}: ${plural(released + reader!.items, 'release or record', 'releases or records')} (${rate(released + reader!.items, s)})`);
          if (reader.stopped || interrupts.signal.aborted) break;
        }
        reader.end();
      } catch (error) {
        progress.clear();
        if (error instanceof SpillError) throw error;
        if (error instanceof UserError) io.stderr(`${error.message}\n`);
        else if (error instanceof GzipDamage) {
          // Keep every release read before the damage, as gzip -dc does, and say where it is.
          reader?.end();
          io.stderr(`${name}: ${error.message}; the ${plural(reader?.items ?? 0, 'release or record', 'releases and records')} read before it ${reader?.items === 1 ? 'was' : 'were'} kept\n`);
        } else throw error;
        failed++;
      }
      if (reader) {
        failed += reader.problems;
        released += reader.items;
      }
    }

    // Pass 2: one contract file per process.
    let processes = 0;
    let written = 0;
    let facts = 0;
    let flagged = 0;
    const used = new Set<string>();
    // Files are made durable a thousand at a time, in one flush of the file system (durable-writer.ts).
    const files = new DurableWriter({ together: true });
    const added: { facts: number; flagged: boolean }[] = [];
    const commit = async () => {
      const outcomes = await files.commit();
      outcomes.forEach((outcome, i) => {
        const counts = added[i]!;
        if (outcome.error?.code === 'EEXIST') {
          progress.clear();
          io.stderr(isFolder(outcome.path) ? folderInTheWay(outcome.path) : `${outcome.path}: already exists (answers may have been added since); not replaced. Use --force to replace it\n`);
          failed++;
        } else if (outcome.error) throw outcome.error;
        else {
          written++;
          facts += counts.facts;
          if (counts.flagged) flagged++;
        }
      });
      added.length = 0;
    };
    const produced = importedFiles(store, rules, { workers: workers ?? IMPORT_WORKERS });
    try {
      for (;;) {
        if (interrupts.signal.aborted) break;
        let next: IteratorResult<ImportedFile>;
        try {
          next = await produced.next();
        } catch (error) {
          // A bucket of set-aside releases that cannot be read back is the user's to fix.
          throw spillError(error, opts.outDir);
        }
        if (next.done) break;
        const imported = next.value;
        processes++;
        // Compared without case, so two names are never one file on a case-insensitive disk.
        let file = fileNameForOcid(imported.ocid);
        for (let n = 2; used.has(file.toLowerCase()); n++) file = fileNameForOcid(imported.ocid, n);
        used.add(file.toLowerCase());
        const target = join(opts.outDir, file);
        // Not even --force replaces a folder: said, and the rest imported (the write would stop the run).
        if (opts.force && isFolder(target)) {
          progress.clear();
          io.stderr(folderInTheWay(target));
          failed++;
          continue;
        }
        // Never an existing file's replacement unless --force: answers may have been added to it.
        files.add(target, imported.bytes, { exclusive: !opts.force, replaceLinks: true });
        added.push({ facts: imported.facts, flagged: imported.flagged });
        if (files.size >= FILES_PER_COMMIT) await commit();
        progress.show((s) => `writing: ${plural(processes, 'contracting process', 'contracting processes')} (${rate(processes, s)})`);
      }
      await commit();
    } catch (error) {
      if (error instanceof WriteError) {
        await files.discard();
        removeKilTempFiles(opts.outDir, true);
        throw writeErrorMessage(error);
      }
      throw error;
    } finally {
      // Workers stopped before the store's folder is removed under them.
      await produced.return(undefined);
    }
    progress.clear();
    if (interrupts.signal.aborted) {
      io.stderr(`Stopped: ${plural(written, 'contract file')} written to ${opts.outDir} before the interruption; each is whole. Run the same command again to finish (existing files are kept).\n`);
      return EXIT.interrupted;
    }
    io.stderr(
      `${plural(released, 'release or record', 'releases and records')} in ${plural(inputs.length, 'input')}: ` +
        `${plural(processes, 'contracting process', 'contracting processes')}; ` +
        `${plural(written, 'contract file')} written to ${opts.outDir}; ${formatNumber(facts)} facts found` +
        `${written > 0 ? ` (${(facts / written).toFixed(1)} a file)` : ''}; ${plural(flagged, 'file')} with points to check` +
        `${failed > 0 ? `; ${plural(failed, 'problem')} above` : ''}\n`,
    );
    if (written > 0) {
      const set = rules.ocds.rubric_set;
      io.stderr(
        set !== undefined
          ? `Next: kil batch ${opts.outDir}   (each contract on the rubric set "${set}", from its published facts), or kil profile ${opts.outDir}   (each buyer)\n`
          : `Next: kil batch ${opts.outDir}   (or kil assess FILE in a terminal to answer the rest)\n`,
      );
    }
    return failed > 0 ? EXIT.input : EXIT.ok;
  } finally {
    progress.clear();
    interrupts.dispose();
    await workers?.stop(); // an import that ends before its second pass
    store.dispose();
  }
}

/** A folder of the name a contract file takes: never replaced, with or without --force. */
const folderInTheWay = (path: string): string => `${path}: a folder, not a file; not replaced: move or rename the folder, or import into another --out-dir\n`;

function isFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}
