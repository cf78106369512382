/**
 * Loading a contract file: YAML -> schema -> answers checked against the rubric questions.
 * Pure: the caller reads the file and passes its text.
 */
import { factNamed } from '../facts/catalogue.js';
import { deriveProcurementFacts, type ProcurementFacts } from '../facts/procurement-facts.js';
import { AnswerEntrySchema, ContractSchema, type Contract } from '../model/contract.js';
import { procurementFields, type FieldEntry } from '../model/field-table.js';
import type { AppliedCouncil } from '../model/council.js';
import type { Question } from '../model/rubric.js';
import { sortDiagnostics, hasErrors, type Diagnostic } from './diagnostic.js';
import type { RubricLibrary } from './library.js';
import { adviceForText, formOf, type FieldInfo } from './advice.js';
import { contractFieldAt, contractSumTo100 } from './field-info.js';
import { listOf, nearestName } from './suggest.js';
import { validateSource, type FieldHints } from './validate.js';
import { diagnosticAt, parseBlockSource, type SourceText, type YamlSource } from './yaml-source.js';

/** The answer that means "this question does not apply", for questions that allow it. */
export const NOT_APPLICABLE = 'n/a';

export interface LoadedContract {
  contract?: Contract;
  /** Errors mean no contract; warnings come with one. */
  diagnostics: Diagnostic[];
}

/**
 * Load a contract file. With the council profile it uses (when the caller knows it already), the
 * warnings also cover answers that override the profile (see loadCouncil for the profile).
 */
export function loadContract(input: SourceText, library: RubricLibrary, council?: AppliedCouncil): LoadedContract {
  const { contract, source, diagnostics } = locateContract(input, library);
  if (!contract || !source || !council) return contract ? { contract, diagnostics } : { diagnostics };
  return { contract, diagnostics: sortDiagnostics([...diagnostics, ...councilOverrides(source, contract, council, library)]) };
}

/** A loaded contract with its YAML, so that later messages (about its council profile) can point into it. */
export interface LocatedContract extends LoadedContract {
  source?: YamlSource;
  /** The procurement facts, when checking the answers needed them: scoring need not derive them again. */
  facts?: ProcurementFacts;
}

export function locateContract(input: SourceText, library: RubricLibrary): LocatedContract {
  const parsed = parseBlockSource(input.file, input.text, 'a contract file must be a block of fields (kil, procurement, answers); see docs/contract-file.md for an example, or write one with "kil init"');
  if (!parsed.ok) return { diagnostics: parsed.diagnostics };
  const source = parsed.source;
  if ((source.data as { kind?: unknown }).kind === 'council') {
    return {
      diagnostics: [
        diagnosticAt(source, ['kind'], 'council-profile', 'this is a council profile (kind: council), not a contract file; name it in contract files with "council: PATH", or pass it with --council PATH'),
      ],
    };
  }
  const validated = validateSource(source, ContractSchema, CONTRACT_HINTS);
  // A rubric set scored from published facts reads no answers or actions, so it checks none.
  const factsOnly = library.scoredFrom === 'published-facts';
  if (!validated.ok) {
    // The answers are checked all the same, so that one run shows every problem in the file.
    const answerProblems = factsOnly ? [] : [...checkAnswers(source, answersThatParse(source), library), ...checkActions(source, library)];
    return { diagnostics: sortDiagnostics(uniqueDiagnostics([...validated.diagnostics, ...answerProblems])) };
  }
  const contract = validated.value;
  if (factsOnly) {
    const diagnostics = [...checkPlaceholders(source, contract), ...answersNotRead(source, contract, library)];
    if (hasErrors(diagnostics)) return { diagnostics: sortDiagnostics(diagnostics) };
    return { contract, source, diagnostics: sortDiagnostics(diagnostics) };
  }
  let facts: ProcurementFacts | undefined;
  const factsOf = () => (facts ??= deriveProcurementFacts(contract.procurement, library.policy));
  const diagnostics = [
    ...checkPlaceholders(source, contract),
    ...checkAnswers(source, contract.answers, library),
    ...checkActions(source, library),
    ...checkDerivedAnswers(source, contract, library, factsOf),
  ];
  if (hasErrors(diagnostics)) return { diagnostics: sortDiagnostics(diagnostics) };
  return { contract, source, diagnostics: sortDiagnostics(diagnostics), ...(facts ? { facts } : {}) };
}

/** On a rubric set scored from published facts: one warning that the file's answers and actions are not read. */
function answersNotRead(source: YamlSource, contract: Contract, library: RubricLibrary): Diagnostic[] {
  const written = Object.keys(contract.answers).length + Object.keys(contract.actions ?? {}).length;
  if (written === 0) return [];
  const set = library.set?.id ?? 'this rubric set';
  return [
    diagnosticAt(
      source,
      [Object.keys(contract.answers).length > 0 ? 'answers' : 'actions'],
      'answer-ignored',
      `the answers and actions in this file are not read: it is assessed on "${set}", which is scored from published facts only; to assess the answers, use --rubric-set keep-it-local or remove the file's rubric_set line`,
      'warning',
    ),
  ];
}

/**
 * Warnings for the contract's own answers to council questions that its profile also answers: the
 * contract's answer wins, and a note should say why this procurement differs.
 */
export function councilOverrides(source: YamlSource, contract: Contract, council: AppliedCouncil, library: RubricLibrary): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [id, answer] of Object.entries(contract.answers)) {
    if (library.questions.get(id)?.question.scope !== 'council' || answer.value === null || answer.note?.trim()) continue;
    const profiled = Object.hasOwn(council.profile.answers, id) ? council.profile.answers[id] : undefined;
    // The same answer as the profile's is no override: nothing to explain.
    if (profiled === undefined || profiled.value === null || profiled.value === answer.value) continue;
    out.push(
      diagnosticAt(
        source,
        ['answers'],
        'overrides-council',
        `answer to ${id} overrides the council profile ${council.path} (which answers ${JSON.stringify(profiled.value)}); add a note saying why, e.g. ${id}: { value: ${JSON.stringify(answer.value)}, note: why this procurement differs }, or remove the answer to use the profile's`,
        'warning',
        id,
      ),
    );
  }
  return out;
}

/** Messages about the procurement facts say what to write, from the facts table. */
const CONTRACT_HINTS: FieldHints = { field: contractFieldAt, sumTo100: contractSumTo100, docs: 'docs/contract-file.md' };

/** Each answer that is well formed on its own, when the file as a whole is not. */
export function answersThatParse(source: YamlSource): Contract['answers'] {
  const raw = (source.data as { answers?: unknown }).answers;
  const out: Contract['answers'] = {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return out;
  for (const [id, entry] of Object.entries(raw)) {
    const parsed = AnswerEntrySchema.safeParse(entry);
    if (parsed.success) out[id] = parsed.data;
  }
  return out;
}

export function uniqueDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const key = `${d.line}:${d.col}:${d.code}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The question ids written as keys of a block (answers:, actions:), checked against the rubrics:
 * an unknown id is an error with the nearest known id; a retired one is a warning.
 */
function checkQuestionKeys(source: YamlSource, block: 'answers' | 'actions', library: RubricLibrary): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ids = [...library.questions.keys()];
  // Keys as written: the schema drops some (such as __proto__), and every one must be reported.
  const raw = (source.data as Record<string, unknown>)[block];
  const written = raw !== null && typeof raw === 'object' ? Object.keys(raw) : [];
  const what = block === 'answers' ? 'Its answer is not scored' : 'Its action is for no question kil scores';
  for (const id of written) {
    if (library.questions.has(id)) continue;
    const retired = retiredQuestion(library, id);
    if (retired) {
      const text = `${id} was retired in ${retired.rubric} ${retired.since}: ${retired.why} ${what}; remove it.`;
      out.push(diagnosticAt(source, [block], 'retired-question', text, 'warning', id));
      continue;
    }
    const hint = nearestName(id, ids);
    const where = block === 'answers' ? '' : ' in actions';
    out.push(
      diagnosticAt(source, [block], 'unknown-question', `unknown question id "${id}"${where}; ${hint ? `did you mean "${hint}"?` : 'run "kil rubric show" to list the question ids'}`, 'error', id),
    );
  }
  return out;
}

/** The action plan's question ids, checked as the answers' are: an action is about a question. */
export function checkActions(source: YamlSource, library: RubricLibrary): Diagnostic[] {
  return checkQuestionKeys(source, 'actions', library);
}

/** Answers (of a contract file or a council profile) checked against the rubric questions. */
export function checkAnswers(source: YamlSource, answers: Contract['answers'], library: RubricLibrary): Diagnostic[] {
  const out: Diagnostic[] = checkQuestionKeys(source, 'answers', library);
  for (const [id, answer] of Object.entries(answers)) {
    const ref = library.questions.get(id);
    if (!ref) continue; // reported above
    if (answer.value === null) continue; // "not sure yet"
    const earlier = earlierAnswer(ref.question, answer.value);
    if (earlier !== undefined) {
      const valuePath = isShorthand(source, id) ? ['answers', id] : ['answers', id, 'value'];
      out.push(diagnosticAt(source, valuePath, 'earlier-answer', `answer to ${id} is "${String(answer.value)}", as an earlier version of the question was answered; read as ${earlier}: write ${earlier} instead`, 'warning'));
      continue;
    }
    const problem = answerProblem(ref.question, answer.value);
    if (problem) {
      const valuePath = isShorthand(source, id) ? ['answers', id] : ['answers', id, 'value'];
      out.push(diagnosticAt(source, valuePath, 'bad-answer', `answer to ${id} ${problem}`));
    }
  }
  return out;
}

function retiredQuestion(library: RubricLibrary, id: string): { rubric: string; since: string; why: string } | undefined {
  for (const { rubric } of library.rubrics) {
    const found = rubric.retired.find((r) => r.id === id);
    if (found) return { rubric: rubric.id, since: found.since, why: found.why };
  }
  return undefined;
}

function isShorthand(source: YamlSource, id: string): boolean {
  const raw = (source.data as { answers?: Record<string, unknown> }).answers?.[id];
  return raw === null || typeof raw !== 'object';
}

/** What an answer written for an earlier version of the question stands for now, if it is one. */
export function earlierAnswer(q: Question, value: unknown): string | number | undefined {
  return typeof value === 'string' && q.earlier_answers !== undefined && Object.hasOwn(q.earlier_answers, value) ? q.earlier_answers[value] : undefined;
}

/** Why a value is not a valid answer to the question, or undefined when it is. */
export function answerProblem(q: Question, value: string | number | boolean): string | undefined {
  const na = q.not_applicable !== undefined;
  if (value === NOT_APPLICABLE) return na ? undefined : `cannot be "${NOT_APPLICABLE}": this question always applies; give an answer or leave it empty`;
  const found = typeof value === 'string' ? `"${value}"` : String(value);
  const orNa = (options: string[]) => listOf(na ? [...options, `"${NOT_APPLICABLE}"`] : options);
  switch (q.type) {
    case 'yes_no': {
      if (value === 'yes' || value === 'partly' || value === 'no') return undefined;
      // Answers are case-sensitive words ("Yes" is not "yes"), and true/false are not yes/no in YAML 1.2.
      const hint = typeof value === 'string' ? nearestName(value, ['yes', 'partly', 'no']) : typeof value === 'boolean' ? (value ? 'yes' : 'no') : undefined;
      return `is ${found}; ${hint ? `did you mean "${hint}"? ` : ''}use ${orNa(['yes', 'partly', 'no'])}`;
    }
    case 'maturity':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 4
        ? undefined
        : `is ${found}; use a level from 0 to 4${na ? ` or "${NOT_APPLICABLE}"` : ''} (run "kil rubric show" to read what each level means)`;
    case 'choice': {
      if (typeof value === 'string' && q.options.some((o) => o.value === value)) return undefined;
      const hint = typeof value === 'string' ? nearestName(value, q.options.map((o) => o.value)) : undefined;
      return `is ${found}; ${hint ? `did you mean "${hint}"? ` : ''}use ${orNa(q.options.map((o) => o.value))}`;
    }
    case 'number': {
      if (typeof value === 'string') {
        // "4 weeks" for a question in days: say the number to write, as for the procurement facts.
        const advice = adviceForText(value, numberField(q));
        if (advice) return advice;
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) return `is ${found}; give ${formOf(numberField(q))}`;
      if (q.integer && !Number.isInteger(value)) return `is ${found}; give a whole number`;
      if (value < q.range.min) return `is ${found}; it must be at least ${q.range.min} ${q.unit}`;
      if (q.range.max !== undefined && value > q.range.max) return `is ${found}; it must be at most ${q.range.max} ${q.unit}`;
      return undefined;
    }
  }
}

/**
 * A field still holding the starter value `kil init` wrote for it ("Untitled procurement",
 * "Your council"): valid, so a warning. The starters come from the facts table.
 */
function checkPlaceholders(source: YamlSource, contract: Contract): Diagnostic[] {
  return fieldsWithStarters().flatMap((f) => {
    const value = f.path.reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), contract.procurement);
    if (value !== f.meta.starter) return [];
    const name = `procurement.${f.path.join('.')}`;
    const what = f.meta.label.replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase());
    return [diagnosticAt(source, ['procurement', ...f.path], 'placeholder', `${name} is still "${String(f.meta.starter)}", the placeholder kil init wrote; replace it with the real ${what}`, 'warning')];
  });
}

let withStarters: readonly FieldEntry[] | undefined;
/** The few fields kil init fills with a starter value, found once rather than for every contract. */
const fieldsWithStarters = (): readonly FieldEntry[] => (withStarters ??= procurementFields().filter((f) => f.meta.starter !== undefined));

/** An answer to a question that the facts already settle is ignored: say so, do not fail. */
function checkDerivedAnswers(source: YamlSource, contract: Contract, library: RubricLibrary, factsOf: () => ProcurementFacts): Diagnostic[] {
  const out: Diagnostic[] = [];
  const answered = Object.entries(contract.answers).filter(([id, a]) => a.value !== null && library.questions.get(id)?.question.derive);
  if (answered.length === 0) return out;
  const facts = factsOf();
  for (const [id] of answered) {
    const q = library.questions.get(id)!.question;
    const definition = factNamed(q.derive!)!;
    const fact = definition.compute({ procurement: contract.procurement, facts, policy: library.policy });
    if (fact.status !== 'unknown') {
      out.push(
        diagnosticAt(source, ['answers'], 'answer-ignored', `answer to ${id} is ignored because the procurement facts settle it (${definition.description}); remove the answer, or remove the fact if it is not settled`, 'warning', id),
      );
    }
  }
  return out;
}

/** A number question as a field, so its messages are made as the facts' are (advice.ts). */
function numberField(q: Extract<Question, { type: 'number' }>): FieldInfo {
  return {
    kind: 'number',
    meta: { unit: q.unit },
    min: q.range.min,
    ...(q.range.max !== undefined ? { max: q.range.max } : {}),
    ...(q.integer ? { integer: true } : {}),
  };
}
