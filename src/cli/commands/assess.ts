/** `kil assess FILE`: read, validate, score, render, write. Only this shell does I/O. */
import { basename, dirname, extname, join } from 'node:path';
import { renderJson } from '../../render/json.js';
import { REPORT_MARKER, renderReport } from '../../render/report.js';
import { renderSummary } from '../../render/summary.js';
import { EXIT } from '../exit-codes.js';
import { assessmentDate, loadLibrary, toolVersion } from '../context.js';
import { assessFile } from '../assess-file.js';
import { writeOutput } from '../files.js';
import { colourWanted, makePaint } from '../paint.js';
import { parseFailUnder } from '../options.js';
import { UserError } from '../user-error.js';

export interface AssessOptions {
  output?: string;
  format: string;
  failUnder?: string;
  rubrics?: string;
  force?: boolean;
  quiet?: boolean;
  date?: string;
  color: boolean;
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
}

/** `x/plan.yaml` -> `x/plan.report.md`: the report sits beside the contract it is about. */
export function defaultReportPath(contractPath: string, format: 'md' | 'json'): string {
  const name = basename(contractPath, extname(contractPath));
  return join(dirname(contractPath), `${name}.report.${format}`);
}

export async function runAssess(file: string | undefined, opts: AssessOptions, io: Io): Promise<number> {
  if (file === undefined) {
    throw new UserError('kil assess needs a contract file, e.g. "kil assess examples/community-mental-health.yaml"; write one from the README or start from an example');
  }
  const format = opts.format;
  if (format !== 'md' && format !== 'json') throw new UserError(`--format must be "md" or "json", not "${format}"`);
  const failUnder = parseFailUnder(opts.failUnder);
  const date = assessmentDate(opts.date, io.env);
  const warn = (line: string) => io.stderr(`${line}\n`);

  const library = await loadLibrary(opts.rubrics, warn);
  const { assessment, warnings } = assessFile(file, library);
  warnings.forEach(warn);
  const meta = { date, toolVersion: toolVersion() };
  const text = format === 'json' ? renderJson(assessment, meta) : renderReport(assessment, library, meta);

  // JSON is for scripts, so it goes to stdout unless -o says otherwise; the report goes beside the file.
  const target = opts.output ?? (format === 'json' ? '-' : defaultReportPath(file, format));
  let where: string;
  if (target === '-') {
    io.stdout(text);
    where = 'standard output';
  } else {
    writeOutput(target, text, { force: opts.force, inputs: [file], marker: REPORT_MARKER });
    where = target;
  }

  if (!opts.quiet) {
    const paint = await makePaint(colourWanted(opts.color, io.env, io.stderrIsTTY), library.bands);
    io.stderr(renderSummary(assessment, paint, where));
  }
  if (failUnder !== undefined && assessment.overall.score < failUnder) {
    if (!opts.quiet) io.stderr(`Score ${assessment.overall.score} is below --fail-under ${failUnder}.\n`);
    return EXIT.belowThreshold;
  }
  return EXIT.ok;
}
