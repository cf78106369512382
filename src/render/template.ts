/**
 * `kil init`: a commented contract template with every fact and every question, for people
 * who prefer to fill a file by hand. It is valid as it stands (kil assess gives a score with
 * everything unanswered), and every comment says what a line takes. Pure.
 */
import { factNamed } from '../facts/catalogue.js';
import type { RubricLibrary } from '../load/library.js';
import { stringify } from 'yaml';
import { CONTRACT_FORMAT_VERSION, type Answer } from '../model/contract.js';
import { COUNCIL_FORMAT_VERSION } from '../model/council.js';
import { actionFields, labelOf, procurementTable, type FieldEntry } from '../model/field-table.js';
import type { Question } from '../model/rubric.js';
import { aNumberIn } from '../model/typed-values.js';
import { NO_CITATIONS, withLaw } from '../model/law-text.js';
import { plainText } from './text.js';

/** A rubric text outside any one contract: its law segments left out (model/law-text.ts). */
const general = (text: string): string => plainText(withLaw(text, NO_CITATIONS));

const COMMENT_COLUMN = 46;
/** `line` with a comment at the comment column, or one space after a longer line. */
const withComment = (line: string, comment: string): string => `${line.padEnd(COMMENT_COLUMN - 1)} # ${comment}`;

/** A value as it is written in YAML on one line: plain scalars, flow lists and maps. */
function yamlInline(value: unknown): string {
  return stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trimEnd();
}

/** What the comment says about a field: its label, unit or allowed values, and whether required. */
function describeField(f: FieldEntry): string {
  const parts = [plainText(f.kind === 'number' ? labelOf(f) : f.meta.label)];
  if (f.kind === 'choice') parts.push(`: ${(f.values ?? []).join(' | ')}`);
  else if (f.kind === 'yes_no') parts.push(': true | false');
  else if (f.kind === 'date') parts.push(' (YYYY-MM-DD)');
  if (f.required) parts.push('; required');
  if (f.meta.ask === 'below-threshold') parts.push('; below the threshold');
  if (f.meta.help) parts.push(`. ${plainText(f.meta.help)}`);
  return parts.join('');
}

/** The procurement block, made from the facts table: required facts set, the others commented out. */
function factLines(): string[] {
  const out: string[] = [
    withComment(`kil: ${CONTRACT_FORMAT_VERSION}`, 'the contract file format version'),
    withComment('# council: ../council.yaml', 'the council profile (kil init council) answering the questions about the council'),
    'procurement:',
  ];
  const commentedGroups = new Set<string>();
  for (const row of procurementTable()) {
    const parent = row.path.slice(0, -1).join('.');
    const commented = !row.required || commentedGroups.has(parent);
    const depth = row.path.length;
    // A commented-out block keeps its indentation after the "# ", so removing "# " restores it.
    // "# " goes where the outermost commented-out group starts; the indentation after it is kept,
    // so deleting "# " from each line restores the block.
    const top = commented ? (row.path.findIndex((_, i) => commentedGroups.has(row.path.slice(0, i + 1).join('.'))) + 1 || depth) : depth;
    const lead = commented ? `${'  '.repeat(top)}# ${'  '.repeat(depth - top)}` : '  '.repeat(depth);
    const key = row.path[row.path.length - 1]!;
    if (row.row === 'group') {
      if (commented) commentedGroups.add(row.path.join('.'));
      const note = [plainText(row.meta.label), row.meta.rule ? `: ${plainText(row.meta.rule)}` : ''].join('');
      out.push(withComment(`${lead}${key}:`, note));
      continue;
    }
    const value = row.required ? (row.meta.starter ?? row.meta.example) : (row.fixed ?? row.meta.example);
    out.push(withComment(`${lead}${key}: ${yamlInline(value)}`, describeField(row)));
  }
  return out;
}

function allowed(q: Question): string {
  const na = q.not_applicable ? ` | n/a (${general(q.not_applicable)})` : '';
  switch (q.type) {
    case 'yes_no':
      return `yes | partly | no${na}`;
    case 'maturity':
      return `a level 0-4${na}\n${q.levels.map((d, i) => `  #     ${i}: ${plainText(d)}`).join('\n')}`;
    case 'choice':
      return `${q.options.map((o) => o.value).join(' | ')}${na}`;
    case 'number':
      return `${plainText(aNumberIn(q.unit))}, ${q.range.min} or more${q.range.max !== undefined ? ` up to ${q.range.max}` : ''}${na}`;
  }
}

/**
 * `schemaRef`: where the contract JSON Schema is, as the first line's yaml-language-server
 * modeline, so editors complete and check the file as it is typed.
 */
export function renderTemplate(library: RubricLibrary, schemaRef?: string): string {
  const out: string[] = [
    ...(schemaRef !== undefined ? [`# yaml-language-server: $schema=${schemaRef}`] : []),
    '# kil contract file. Fill in what you know; leave the rest as it is.',
    '# Replace null with an answer, e.g. "S1.2: yes", or give its evidence: "S1.2: { value: yes, evidence: CVS mapping 2026 }".',
    '# An answer without evidence counts as self-reported (asserted) in the report.',
    '# Check it and get the report with: kil assess THIS-FILE   (format: see docs/contract-file.md)',
    '',
    ...factLines(),
    '',
    'answers:',
  ];
  for (const { rubric } of library.rubrics) {
    out.push(`  # ${plainText(rubric.title)} (${plainText(rubric.id)} ${plainText(rubric.version)})`);
    for (const area of rubric.areas) {
      out.push(`  # ── ${plainText(area.title)}`);
      for (const q of area.questions) {
        out.push(`  # ${q.id} ${general(q.prompt)}`);
        if (q.scope === 'council') {
          out.push('  #   about the council: answer it once in the council profile (kil init council); answer here only to override it, with a note saying why');
          out.push(`  #   answer: ${allowed(q)}`);
          out.push(`  # ${q.id}: null`);
        } else if (q.derive !== undefined) {
          out.push(`  #   worked out from the facts: ${plainText(factNamed(q.derive)?.description ?? q.derive)}; answer it only if you cannot give them`);
          out.push(`  #   answer: ${allowed(q)}`);
          out.push(`  # ${q.id}: null`);
        } else {
          out.push(`  #   answer: ${allowed(q)}`);
          out.push(`  ${q.id}: null`);
        }
      }
    }
  }
  out.push('', ...actionPlanLines(library));
  return `${out.join('\n')}\n`;
}

/**
 * A commented example of the action plan, from the action fields' metadata, keyed by the first
 * question id: removing "# " from each line gives a valid block.
 */
function actionPlanLines(library: RubricLibrary): string[] {
  const id = library.questions.keys().next().value;
  if (id === undefined) return [];
  const out = [
    '# The action plan (optional): what will be done about a question, keyed by question id as the answers are.',
    '# The report lists each action with the points its question would recover, and marks it overdue when it',
    '# is due before the assessment date and not done. Actions never change the score; answers do.',
    '# actions:',
    `#   ${id}:`,
  ];
  for (const f of actionFields()) {
    const allowed = f.kind === 'choice' ? `: ${(f.values ?? []).join(' | ')}` : f.kind === 'date' ? ' (YYYY-MM-DD)' : '';
    const when = f.required ? '; required' : f.defaultValue !== undefined ? `; ${yamlInline(f.defaultValue)} when left out` : '';
    out.push(withComment(`#     ${f.key}: ${yamlInline(f.meta.example)}`, `${plainText(f.meta.label)}${allowed}${when}${f.meta.help ? `. ${plainText(f.meta.help)}` : ''}`));
  }
  return out;
}

/** What a council profile is written with: the template has only the review date. */
export interface CouncilTemplateContent {
  /** The date to write as the last review, YYYY-MM-DD. */
  reviewed: string;
  name?: string;
  /** Answers to write instead of null (the interview moving answers into a new profile). */
  answers?: Readonly<Record<string, Answer>>;
}

/**
 * `kil init council`: a commented council profile with every question about the council (scope:
 * council), its help and allowed answers taken from the rubrics. Valid as it stands.
 */
export function renderCouncilTemplate(library: RubricLibrary, content: CouncilTemplateContent): string {
  const out: string[] = [
    '# kil council profile: the answers about the council as a whole, given once for every contract.',
    '# A contract file uses it with the line "council: PATH" (relative to the contract file), or with',
    "# kil assess/batch --council THIS-FILE. A contract's own answer to one of these questions overrides it.",
    '# Replace null with an answer, e.g. "P5.3: yes", or give its evidence: "P5.3: { value: yes, evidence: Community Chest 2026 }".',
    '# Format: see docs/council-profile.md.',
    '',
    withComment(`kil: ${COUNCIL_FORMAT_VERSION}`, 'the council profile format version'),
    withComment('kind: council', 'this file is a council profile, not a contract'),
    'council:',
    withComment(`  name: ${yamlInline(content.name ?? 'Your council')}`, 'required: the council the answers describe'),
    withComment(`  reviewed: ${content.reviewed}`, 'required: when the answers were last reviewed (YYYY-MM-DD); reports warn after 12 months'),
    '',
    'answers:',
  ];
  const council = [...library.questions.values()].filter((r) => r.question.scope === 'council');
  if (council.length === 0) out.push('  # These rubrics have no questions about the council (scope: council).');
  for (const { rubric, area, question: q } of council) {
    const answer = content.answers && Object.hasOwn(content.answers, q.id) ? content.answers[q.id] : undefined;
    out.push(`  # ${q.id} ${general(q.prompt)}   (${plainText(rubric.id)}: ${plainText(area.title)})`);
    out.push(`  #   ${general(q.help)}`);
    out.push(`  #   answer: ${allowed(q)}`);
    const written = answer && (answer.note || answer.evidence) ? { value: answer.value, ...(answer.note ? { note: answer.note } : {}), ...(answer.evidence ? { evidence: answer.evidence } : {}) } : answer?.value;
    out.push(`  ${q.id}: ${answer === undefined ? 'null' : yamlInline(written)}`);
  }
  return `${out.join('\n')}\n`;
}
