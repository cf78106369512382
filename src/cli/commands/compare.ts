/**
 * `kil compare BEFORE AFTER`: two assessments of the same procurement (contract files or kil JSON
 * results, mixed as given), and what changed between them. --fail-on-drop makes a fall in the
 * overall score an exit code, so CI can stop a revision that makes a plan less local.
 */
import { compareResults, type Comparison } from '../../compare/compare.js';
import { comparisonSummary, comparisonWarnings, renderComparisonMarkdown, signed } from '../../render/comparison.js';
import { renderComparisonJson } from '../../render/comparison-json.js';
import { provisionalWords } from '../../render/basis-text.js';
import { plainText } from '../../render/text.js';
import { isKilJson, readSideFile, readSideText, MAX_RESULT_BYTES, type ReadSide } from '../compared-side.js';
import { assessmentDate, loadLibrary, toolVersion } from '../context.js';
import { chooseRubricFolder, textIfReadable } from '../rubric-choice.js';
import { CouncilProfiles } from '../council.js';
import { EXIT } from '../exit-codes.js';
import { readStreamText } from '../files.js';
import { UserError } from '../user-error.js';
import type { Io } from './assess.js';

export interface CompareOptions {
  format: string;
  failOnDrop?: boolean;
  rubrics?: string;
  rubricSet?: string;
  council?: string;
  date?: string;
  quiet?: boolean;
}

const STDIN_NAME = '<stdin>';

export async function runCompare(before: string, after: string, opts: CompareOptions, io: Io): Promise<number> {
  const format = opts.format;
  if (format !== 'md' && format !== 'json') throw new UserError(`--format must be "md" or "json", not "${format}"`);
  if (before === '-' && after === '-') throw new UserError('only one of BEFORE and AFTER can be "-" (standard input); give the other as a file');
  const date = assessmentDate(opts.date, io.env);
  const warn = (line: string) => io.stderr(`${line}\n`);
  // Both sides on one rubric set: the one they name (they must name the same), unless a flag says.
  // Standard input is read first: a contract there names its rubric set as a file does.
  const stdinText = before === '-' || after === '-' ? await readStreamText(STDIN_NAME, io.stdin(), MAX_RESULT_BYTES) : undefined;
  const contractSides = [before, after].flatMap((arg) =>
    arg === '-'
      ? stdinText !== undefined && !isKilJson(stdinText)
        ? [{ path: STDIN_NAME, text: () => stdinText }]
        : []
      : /\.json$/i.test(arg)
        ? []
        : [{ path: arg, text: () => textIfReadable(arg) }],
  );
  const library = await loadLibrary(chooseRubricFolder(opts, contractSides).folder, warn);
  const councils = CouncilProfiles.open(library, date, opts.council);

  const read = (arg: string): ReadSide => (arg === '-' && stdinText !== undefined ? readSideText(STDIN_NAME, stdinText, library, councils, date) : readSideFile(arg, library, councils, date));
  const sides = [read(before), read(after)] as const;
  const said = new Set<string>();
  for (const s of sides) {
    if (!opts.quiet) s.warnings.forEach(warn);
    for (const note of s.notes) if (!said.has(note.key) && !opts.quiet) warn(note.text);
    s.notes.forEach((n) => said.add(n.key));
  }

  const comparison = compareResults(sides[0].side, sides[1].side);
  // The warnings are in the output too; on stderr they reach someone reading only the exit code's log.
  for (const w of comparisonWarnings(comparison)) warn(`warning: ${w}`);
  io.stdout(format === 'json' ? renderComparisonJson(comparison, { toolVersion: toolVersion() }) : renderComparisonMarkdown(comparison));
  if (!opts.quiet) warn(comparisonSummary(comparison));
  return opts.failOnDrop ? dropVerdict(comparison, opts.quiet === true, warn) : EXIT.ok;
}

/**
 * --fail-on-drop: 1 when the overall score fell. A fall to a provisional result cannot be judged
 * (unanswered questions score 0, so it may be answers missing rather than a less local plan):
 * exit 3, as --fail-under does for a provisional result.
 */
export function dropVerdict(c: Comparison, quiet: boolean, warn: (line: string) => void): number {
  if (!c.fell) return EXIT.ok;
  if (c.after.provisional) {
    const why = provisionalWords(c.after.coveragePct, c.after.provisionalBelow ?? 0, c.after.rubricSet !== null);
    if (!quiet) warn(`The overall score fell from ${c.overall.before} to ${c.overall.after} (${signed(c.overall.change)}), but the after result is provisional (${why}); --fail-on-drop cannot judge a provisional result.`);
    return EXIT.provisional;
  }
  if (!quiet) warn(`The overall score fell from ${c.overall.before} to ${c.overall.after} (${signed(c.overall.change)}): ${plainText(c.after.label)} is less local than ${plainText(c.before.label)} (--fail-on-drop).`);
  return EXIT.scoreFell;
}
