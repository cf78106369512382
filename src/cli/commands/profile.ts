/**
 * `kil profile PATH...`: what the published record shows of each buyer in a folder (or list)
 * of contract files, as `kil import ocds` writes them, with peer benchmarks. Each file is loaded,
 * its facts derived and a small record kept for the profile (src/profile/), never the contract.
 * A file that cannot be loaded is listed as failed and the rest still profiled (exit 2).
 */
import { join } from 'node:path';
import { deriveProcurementFacts } from '../../facts/procurement-facts.js';
import { diagnosticRecord } from '../../load/diagnostic.js';
import { locateContract } from '../../load/contract.js';
import type { RubricLibrary } from '../../load/library.js';
import type { FailedFile } from '../../portfolio/contract-row.js';
import { matchBuyers, nearestBuyers } from '../../profile/match.js';
import { DEFAULT_MIN_CONTRACTS, MIN_PEERS, peerPercentiles } from '../../profile/peers.js';
import { ProfileAccumulator, type ProfilePolicy } from '../../profile/profile.js';
import { profileRecord, type ProfileRecord } from '../../profile/record.js';
import { SIZE_QUESTION, sizeLineOf } from '../../profile/size-line.js';
import { profileCsvChunks, profileJsonChunks, profileMarkdownChunks } from '../../render/profile.js';
import { profileHtmlChunks } from '../../render/profile-html.js';
import type { ProfileReport } from '../../render/profile-words.js';
import { REPORT_MARKER } from '../../render/report.js';
import { plainText, visiblePath } from '../../render/text.js';
import { removeKilTempFiles } from '../atomic-write.js';
import { listContractFiles } from '../batch-inputs.js';
import { assessmentDate, loadLibrary, toolVersion } from '../context.js';
import { DurableWriter } from '../durable-writer.js';
import { EXIT } from '../exit-codes.js';
import { postcodeLocality } from '../postcode-locality.js';
import { inputIndex, queueOutput, readTextFile, writeFailure } from '../files.js';
import { UserError } from '../user-error.js';
import type { BatchIo } from './batch.js';

export const PROFILE_FORMATS = ['md', 'json', 'csv', 'html'] as const;

export interface ProfileOptions {
  format: string;
  buyer?: string;
  outDir?: string;
  minContracts?: string;
  date?: string;
  rubrics?: string;
  force?: boolean;
  quiet?: boolean;
}

/** The files --out-dir receives; profile.md last, so that its presence means the run finished. */
const OUT_FILES = { html: 'profile.html', json: 'profile.json', md: 'profile.md' } as const;
const PROGRESS_AFTER_MS = 1000;
const PROGRESS_EVERY_MS = 200;

export type LoadResult = { record: ProfileRecord } | { failed: FailedFile } | { skipped: string };

/** One contract file as a profile record, or why it cannot be one. Never throws for a bad file. */
export function loadRecord(file: string, library: RubricLibrary): LoadResult {
  try {
    const { contract, diagnostics, facts } = locateContract({ file, text: readTextFile(file) }, library);
    if (!contract) {
      if (diagnostics.length === 1 && diagnostics[0]!.code === 'council-profile') return { skipped: file };
      throw UserError.fromDiagnostics(diagnostics.filter((d) => d.severity === 'error'));
    }
    return { record: profileRecord(file, contract, facts ?? deriveProcurementFacts(contract.procurement, library.policy)) };
  } catch (error) {
    if (!(error instanceof UserError)) throw error; // a bug: let it crash loudly
    return { failed: { path: file, errors: error.message.split('\n'), diagnostics: error.diagnostics.map(diagnosticRecord) } };
  }
}

export function parseMinContracts(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_MIN_CONTRACTS;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < 1 || n > 1_000_000) throw new UserError(`--min-contracts must be a whole number from 1 to 1,000,000, not "${raw}"`);
  return n;
}

export async function runProfile(paths: string[], opts: ProfileOptions, io: BatchIo): Promise<number> {
  if (paths.length === 0) throw new UserError('kil profile needs at least one contract file, folder or glob, or "-" to read paths from stdin');
  const format = opts.format as (typeof PROFILE_FORMATS)[number];
  if (!PROFILE_FORMATS.includes(format)) throw new UserError(`--format must be ${PROFILE_FORMATS.join(', ')}, not "${opts.format}"`);
  const minContracts = parseMinContracts(opts.minContracts);
  const date = assessmentDate(opts.date, io.env);
  const library = await loadLibrary(opts.rubrics, (l) => io.stderr(`${l}\n`));
  const sizeLine = sizeLineOf(library);
  const postcodes = postcodeLocality(io.env);
  if ('problem' in sizeLine) {
    const todo = opts.rubrics === undefined ? '' : `; give kil profile a rubric folder with ${SIZE_QUESTION}, or leave out --rubrics for kil's own`;
    throw new UserError(`${opts.rubrics ?? 'the built-in rubric folder'}: ${sizeLine.problem}${todo}`);
  }

  const { files, missing } = await listContractFiles(paths, io.stdin, opts.outDir);

  const policy: ProfilePolicy = { sizeLine, ...(postcodes ? { localityOf: postcodes.localityOf } : {}) };
  const acc = new ProfileAccumulator(policy);
  const failed: FailedFile[] = [...missing];
  for (const f of missing) for (const e of f.errors) io.stderr(`${e}\n`);
  let contracts = 0;
  let skipped = 0;
  const started = io.now();
  let lastProgress = started;
  let progressShown = false;
  for (const [i, file] of files.entries()) {
    const result = loadRecord(file, library);
    if ('record' in result) {
      acc.add(result.record);
      contracts++;
    } else if ('failed' in result) {
      failed.push(result.failed);
      for (const e of result.failed.errors) io.stderr(`${e}\n`);
    } else {
      skipped++;
      if (!opts.quiet) io.stderr(`${plainText(visiblePath(result.skipped))}: skipped: a council profile (kind: council), not a contract\n`);
    }
    const now = io.now();
    if (io.stderrIsTTY && now - started >= PROGRESS_AFTER_MS && now - lastProgress >= PROGRESS_EVERY_MS) {
      io.stderr(`\rread ${i + 1} of ${files.length}`);
      lastProgress = now;
      progressShown = true;
    }
  }
  if (progressShown) io.stderr('\r\u001b[2K');

  const all = acc.result();
  const rules = { minContracts, minPeers: MIN_PEERS };
  // Peers are every buyer in the input, whichever --buyer shows.
  const benchmarks = peerPercentiles(all, rules);
  let shown = all;
  if (opts.buyer !== undefined) {
    shown = matchBuyers(all, opts.buyer);
    if (shown.length === 0) {
      const near = nearestBuyers(all, opts.buyer).map((b) => `"${plainText(b.name)}" (${b.key})`);
      const hint = near.length > 0 ? `; the nearest: ${near.join(', ')}` : '; the input has no buyers';
      throw new UserError(`--buyer "${plainText(opts.buyer)}" matches none of the ${all.length} buyer${all.length === 1 ? '' : 's'} in the input${hint}`);
    }
  }
  failed.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const report: ProfileReport = {
    meta: { date, toolVersion: toolVersion() },
    profiles: shown,
    benchmarks,
    rules,
    sizeLine,
    inputs: { files: files.length + missing.length, contracts, buyers: all.length, failed, skipped },
    ...(postcodes ? { postcodeTable: postcodes.table } : {}),
  };

  if (opts.outDir) await writeOutDir(opts.outDir, report, files, opts.force);
  const chunks = format === 'json' ? profileJsonChunks(report) : format === 'csv' ? profileCsvChunks(report) : format === 'html' ? profileHtmlChunks(report) : profileMarkdownChunks(report);
  for (const chunk of chunks) io.stdout(chunk);

  if (!opts.quiet) {
    io.stderr(`${contracts} contract${contracts === 1 ? '' : 's'} of ${all.length} buyer${all.length === 1 ? '' : 's'} profiled, ${failed.length} file${failed.length === 1 ? '' : 's'} failed${opts.outDir ? `; profile in ${plainText(opts.outDir)}` : ''}\n`);
  }
  return failed.length > 0 ? EXIT.input : EXIT.ok;
}

/** profile.html, profile.json and profile.md, committed together (see DurableWriter). */
async function writeOutDir(outDir: string, report: ProfileReport, files: readonly string[], force?: boolean): Promise<void> {
  removeKilTempFiles(outDir);
  const writer = new DurableWriter();
  const opts = { force, inputs: () => inputIndex(files), marker: REPORT_MARKER, kilFolder: true };
  try {
    queueOutput(writer, join(outDir, OUT_FILES.html), profileHtmlChunks(report), opts);
    queueOutput(writer, join(outDir, OUT_FILES.json), profileJsonChunks(report), opts);
    queueOutput(writer, join(outDir, OUT_FILES.md), profileMarkdownChunks(report), opts);
    const failedWrite = (await writer.commit()).find((o) => o.error);
    if (failedWrite?.error) throw writeFailure(failedWrite.error);
  } catch (error) {
    removeKilTempFiles(outDir, true);
    throw error;
  }
}
