/**
 * Reading one side of a comparison (kil compare, kil assess --baseline): a contract file, scored
 * now with the rubrics in use, or a kil JSON result (`kil assess --format json`), checked to be
 * one. Also the previous portfolio for kil batch --baseline.
 */
import type { ComparedSide } from '../compare/compare.js';
import { ComparableResultSchema, KilJsonHeaderSchema, PortfolioResultSchema, type ComparableResult, type PortfolioContract } from '../compare/result-schema.js';
import { showPath } from '../load/validate.js';
import type { RubricLibrary } from '../load/library.js';
import { JSON_FORMAT_VERSION } from '../render/json.js';
import { assessText } from './assess-file.js';
import type { CouncilProfiles, Note } from './council.js';
import { readTextFile } from './files.js';
import { UserError } from './user-error.js';

/** A side as read: the result, and what loading a contract file had to say (warnings, notes). */
export interface ReadSide {
  side: ComparedSide;
  warnings: string[];
  notes: Note[];
}

/** A portfolio (kil batch --format json) can be far bigger than a contract file. */
export const MAX_RESULT_BYTES = 256 * 1024 * 1024;

const ASSESS_JSON = '"kil assess FILE --format json"';

/** Whether a side's text is a kil JSON output rather than a contract file (which is assessed with the rubrics in use). */
export const isKilJson = (text: string): boolean => kilJson(text) !== undefined;

/**
 * JSON text that is a kil output, or undefined for text that is not JSON, or is a contract file
 * written as JSON (it has a procurement block): that is read as YAML, of which JSON is a part.
 */
function kilJson(text: string): unknown {
  const t = text.replace(/^\uFEFF/, '').trimStart();
  // A contract file is a block of fields; text opening a JSON object or list is read as JSON.
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(t);
  } catch {
    return undefined; // YAML flow syntax, or broken JSON: the contract loader says what is wrong
  }
  if (doc !== null && typeof doc === 'object' && !Array.isArray(doc) && 'procurement' in doc) return undefined;
  return doc;
}

/** The problem zod found first, as a path and what is wrong: "overall.score is missing". */
function firstProblem(issues: readonly { path: PropertyKey[]; code: string }[]): string {
  const issue = issues[0];
  if (!issue) return 'it does not have the shape of one';
  const where = showPath(issue.path.filter((k): k is string | number => typeof k !== 'symbol'));
  return issue.code === 'invalid_type' ? `${where} is missing or of the wrong kind` : `${where} is not valid`;
}

/**
 * Check a kil JSON output's header: made by kil, in the JSON format this kil reads, and the kind
 * wanted. Throws a user error saying what the file is and what to give instead.
 */
function checkHeader(name: string, doc: unknown, want: 'assessment' | 'portfolio'): { assessedOn?: string } {
  const wanted = want === 'assessment' ? `a contract file, or the output of ${ASSESS_JSON}` : 'the output of "kil batch PATH... --format json"';
  const header = KilJsonHeaderSchema.safeParse(doc);
  if (!header.success) throw UserError.at(name, `it is JSON but not a kil result (no "generator": "kil"); give ${wanted}`, 'not-a-result');
  const h = header.data;
  if (h.format !== JSON_FORMAT_VERSION) {
    throw UserError.at(
      name,
      `it is a kil result in JSON format ${h.format}, and this kil reads format ${JSON_FORMAT_VERSION}; make it again with this kil (${want === 'assessment' ? ASSESS_JSON : '"kil batch PATH... --format json"'})`,
      'result-format',
    );
  }
  if (h.ok === false) throw UserError.at(name, `it holds the problems of a contract kil could not assess ("ok": false), not a result; fix the contract and give ${wanted}`, 'not-a-result');
  const kind = h.kind ?? 'assessment';
  if (kind !== want) {
    const what =
      kind === 'portfolio'
        ? 'a portfolio (kil batch --format json)'
        : kind === 'comparison'
          ? 'a comparison (kil compare --format json)'
          : kind === 'assessment'
            ? 'one assessment (kil assess --format json)'
            : `a kil "${kind}" result`;
    const instead =
      kind === 'portfolio' && want === 'assessment'
        ? '; to compare portfolios, use "kil batch PATH... --baseline FILE"'
        : kind === 'assessment' && want === 'portfolio'
          ? '; to compare two assessments, use "kil compare BEFORE AFTER"'
          : '';
    throw UserError.at(name, `it is ${what}, not ${want === 'assessment' ? 'one assessment' : 'a portfolio'}; give ${wanted}${instead}`, 'not-a-result');
  }
  return { ...(h.assessedOn !== undefined ? { assessedOn: h.assessedOn } : {}) };
}

/** An assessment result read from JSON text. */
export function resultFromJson(name: string, doc: unknown): { result: ComparableResult; assessedOn: string } {
  const { assessedOn } = checkHeader(name, doc, 'assessment');
  const parsed = ComparableResultSchema.safeParse(doc);
  if (!parsed.success || assessedOn === undefined) {
    const problem = parsed.success ? 'assessedOn is missing' : firstProblem(parsed.error.issues);
    throw UserError.at(name, `it is not a complete kil assessment result (${problem}); give the output of ${ASSESS_JSON}`, 'not-a-result');
  }
  return { result: parsed.data, assessedOn };
}

/**
 * One side of a comparison from its text: a kil JSON result as it is, or a contract file scored
 * now (on `date`, with the rubrics and council profiles in use). `file`: its path, when it has one.
 */
export function readSideText(name: string, text: string, library: RubricLibrary, councils: CouncilProfiles, date: string, file?: string): ReadSide {
  const doc = kilJson(text);
  if (doc !== undefined) {
    const { result, assessedOn } = resultFromJson(name, doc);
    return { side: { label: name, assessedOn, result }, warnings: [], notes: [] };
  }
  const { assessment, warnings, notes } = assessText(name, text, library, councils, file);
  return { side: { label: name, assessedOn: date, result: assessment }, warnings, notes };
}

export function readSideFile(file: string, library: RubricLibrary, councils: CouncilProfiles, date: string): ReadSide {
  return readSideText(file, readTextFile(file, MAX_RESULT_BYTES), library, councils, date, file);
}

/** A previous portfolio (kil batch --format json), for kil batch --baseline. */
export interface BaselinePortfolio {
  label: string;
  assessedOn: string;
  contracts: PortfolioContract[];
}

export function readBaselinePortfolio(file: string): BaselinePortfolio {
  const text = readTextFile(file, MAX_RESULT_BYTES);
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw UserError.at(file, 'it is not JSON; give the output of "kil batch PATH... --format json" from an earlier run', 'not-a-result');
  }
  checkHeader(file, doc, 'portfolio');
  const parsed = PortfolioResultSchema.safeParse(doc);
  if (!parsed.success) {
    throw UserError.at(file, `it is not a complete kil portfolio (${firstProblem(parsed.error.issues)}); give the output of "kil batch PATH... --format json"`, 'not-a-result');
  }
  return { label: file, assessedOn: parsed.data.assessedOn, contracts: parsed.data.contracts };
}
