/**
 * Loading a rubric folder: every file is parsed and validated by its `kind` (rubric,
 * rubric-set, policy), then checked as a whole (unique ids, known facts, one policy).
 * Pure: the caller reads the files and passes their text.
 */
import * as z from 'zod/mini';
import { factNamed, FACT_NAMES, type FactDefinition } from '../facts/catalogue.js';
import { answerProblem } from './contract.js';
import { PolicySchema, type Policy } from '../model/policy.js';
import { checkLawTexts, checkPolicy, checkQuestionNeeds } from './policy-checks.js';
import { RubricSetSchema, type RubricSet } from '../model/rubric-set.js';
import { RubricSchema, type Band, type Question, type Rubric } from '../model/rubric.js';
import { hasErrors, sortDiagnostics, type Diagnostic, type DiagnosticCode } from './diagnostic.js';
import { assembleLibrary, type QuestionRef, type RubricLibrary } from './library.js';
import { byCodeUnit } from '../model/order-text.js';
import { listOf, nearestName } from './suggest.js';
import { docsOnly, validateSource } from './validate.js';
import { diagnosticAt, parseYamlSource, type SourceText, type YamlSource } from './yaml-source.js';

export type { QuestionRef, RubricLibrary, LibraryData } from './library.js';
export type { SourceText } from './yaml-source.js';

/** Rubric, rubric-set and policy files are documented on one page. */
const RUBRIC_DOCS = docsOnly('docs/rubrics.md');

type Loaded =
  | { kind: 'rubric'; source: YamlSource; value: Rubric }
  | { kind: 'rubric-set'; source: YamlSource; value: RubricSet }
  | { kind: 'policy'; source: YamlSource; value: Policy };

const KINDS = ['rubric', 'rubric-set', 'policy'] as const;
const KindField = z.looseObject({ kind: z.enum(KINDS) });

/** Parse and validate one file on its own, whatever its kind. */
export function loadRubricFile(input: SourceText): { loaded?: Loaded; diagnostics: Diagnostic[] } {
  const parsed = parseYamlSource(input.file, input.text);
  if (!parsed.ok) return { diagnostics: parsed.diagnostics };
  const source = parsed.source;
  const kind = KindField.safeParse(source.data);
  if (!kind.success) {
    const found = (source.data as { kind?: unknown } | null)?.kind;
    const hint = typeof found === 'string' ? nearestName(found, KINDS) : undefined;
    const notABlock = typeof source.data !== 'object' || source.data === null || Array.isArray(source.data);
    const message = notABlock
      ? 'a rubric folder file must be a block of fields starting with "kind:"'
      : `kind must be ${listOf(KINDS.map((k) => `"${k}"`))}${hint ? `; did you mean "${hint}"?` : '; add the field at the top of the file'}`;
    return { diagnostics: [diagnosticAt(source, ['kind'], notABlock ? 'not-a-block' : 'unknown-kind', message)] };
  }
  switch (kind.data.kind) {
    case 'rubric': {
      const v = validateSource(source, RubricSchema, RUBRIC_DOCS);
      if (!v.ok) return { diagnostics: v.diagnostics };
      return { loaded: { kind: 'rubric', source, value: v.value }, diagnostics: checkRubric(source, v.value) };
    }
    case 'rubric-set': {
      const v = validateSource(source, RubricSetSchema, RUBRIC_DOCS);
      return v.ok ? { loaded: { kind: 'rubric-set', source, value: v.value }, diagnostics: [] } : { diagnostics: v.diagnostics };
    }
    case 'policy': {
      const v = validateSource(source, PolicySchema, RUBRIC_DOCS);
      return v.ok ? { loaded: { kind: 'policy', source, value: v.value }, diagnostics: checkPolicy(source, v.value) } : { diagnostics: v.diagnostics };
    }
  }
}

/** Load a whole folder; any error means no library (a rubric must be sound before it scores). */
export function loadRubricLibrary(files: readonly SourceText[]): { library?: RubricLibrary; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const loaded: Loaded[] = [];
  for (const f of [...files].sort((a, b) => byCodeUnit(a.file, b.file))) {
    const r = loadRubricFile(f);
    diagnostics.push(...r.diagnostics);
    if (r.loaded) loaded.push(r.loaded);
  }
  if (hasErrors(diagnostics)) return { diagnostics: sortDiagnostics(diagnostics) };

  const rubrics = loaded.filter((l): l is Extract<Loaded, { kind: 'rubric' }> => l.kind === 'rubric');
  const sets = loaded.filter((l): l is Extract<Loaded, { kind: 'rubric-set' }> => l.kind === 'rubric-set');
  const policies = loaded.filter((l): l is Extract<Loaded, { kind: 'policy' }> => l.kind === 'policy');
  const folderError = (code: DiagnosticCode, message: string): Diagnostic => ({ file: files[0]?.file ?? '.', line: 1, col: 1, severity: 'error', code, message });

  if (rubrics.length === 0) diagnostics.push(folderError('no-rubric', 'the rubric folder has no rubric (a YAML file with kind: rubric); point --rubrics at a folder that has one'));
  if (policies.length !== 1) {
    diagnostics.push(
      policies.length === 0
        ? folderError('no-policy', 'the rubric folder has no policy file (kind: policy) with the thresholds; copy rubrics/policy.yaml from kil into it')
        : diagnosticAt(policies[1]!.source, ['kind'], 'second-policy', `a second policy file (the first is ${policies[0]!.source.file}); keep only one`),
    );
  }
  // A question's premise must name a feature of the law the policy declares.
  if (policies.length === 1) for (const r of rubrics) diagnostics.push(...checkQuestionNeeds(r.source, r.value, policies[0]!.value), ...checkLawTexts(r.source, r.value, policies[0]!.value));
  if (sets.length > 1) diagnostics.push(diagnosticAt(sets[1]!.source, ['kind'], 'second-rubric-set', `a second rubric-set file (the first is ${sets[0]!.source.file}); keep only one`));

  const byId = new Map<string, (typeof rubrics)[number]>();
  for (const r of rubrics) {
    const other = byId.get(r.value.id);
    if (other) diagnostics.push(diagnosticAt(r.source, ['id'], 'duplicate-id', `rubric id "${r.value.id}" is also used by ${other.source.file}; give each rubric its own id`));
    else byId.set(r.value.id, r);
  }

  const questions = new Map<string, QuestionRef & { source: YamlSource }>();
  for (const r of rubrics) {
    r.value.areas.forEach((area, ai) =>
      area.questions.forEach((question, qi) => {
        const other = questions.get(question.id);
        if (other && other.rubric !== r.value) {
          diagnostics.push(
            diagnosticAt(r.source, ['areas', ai, 'questions', qi, 'id'], 'duplicate-id', `question id "${question.id}" is also used in ${other.source.file}; question ids must be unique across rubrics because answers are keyed by them`),
          );
        } else if (!other) questions.set(question.id, { rubric: r.value, area, question, source: r.source });
      }),
    );
  }

  const set = sets[0];
  let chosen: { rubric: Rubric; weight: number }[] = [];
  let bands: Band[] = [];
  let provisionalBelow: number | undefined;
  if (set) {
    set.value.rubrics.forEach((entry, i) => {
      const r = byId.get(entry.id);
      if (!r) {
        const hint = nearestName(entry.id, [...byId.keys()]);
        diagnostics.push(diagnosticAt(set.source, ['rubrics', i, 'id'], 'unknown-rubric', `the set names rubric "${entry.id}", which is not in the folder; ${hint ? `did you mean "${hint}"?` : 'add its file or remove it from the set'}`));
      } else chosen.push({ rubric: r.value, weight: entry.weight });
    });
    for (const r of rubrics) {
      if (!set.value.rubrics.some((e) => e.id === r.value.id)) {
        diagnostics.push(diagnosticAt(r.source, ['id'], 'not-in-set', `rubric "${r.value.id}" is not listed in the rubric set ${set.source.file}; add it there, or move the file out of the folder`));
      }
    }
    if (chosen.length > 0 && chosen.every((c) => c.weight === 0)) diagnostics.push(diagnosticAt(set.source, ['rubrics'], 'all-weights-zero', 'every rubric in the set has weight 0; give at least one a weight above 0'));
    bands = set.value.bands;
    provisionalBelow = set.value.provisional_below_coverage;
  } else {
    chosen = [...byId.values()].sort((a, b) => byCodeUnit(a.value.id, b.value.id)).map((r) => ({ rubric: r.value, weight: 1 }));
    const first = chosen[0]?.rubric;
    if (first) {
      bands = first.bands;
      for (const r of rubrics) {
        if (JSON.stringify(r.value.bands) !== JSON.stringify(first.bands)) {
          diagnostics.push(diagnosticAt(r.source, ['bands'], 'bands-differ', `bands differ from those of rubric "${first.id}", so kil cannot tell which the overall score uses; make them the same or add a rubric-set file with its own bands`));
          break;
        }
      }
    }
    // Without a set, the line comes from the rubrics that give one; they must agree.
    const lines = rubrics.filter((r) => r.value.provisional_below_coverage !== undefined);
    provisionalBelow = lines[0]?.value.provisional_below_coverage;
    const differs = lines.find((r) => r.value.provisional_below_coverage !== provisionalBelow);
    if (differs) {
      diagnostics.push(
        diagnosticAt(
          differs.source,
          ['provisional_below_coverage'],
          'provisional-differs',
          `provisional_below_coverage differs from that of rubric "${lines[0]!.value.id}" (${provisionalBelow}), so kil cannot tell where results become provisional; make them the same or add a rubric-set file with its own`,
        ),
      );
    }
  }

  if (hasErrors(diagnostics)) return { diagnostics: sortDiagnostics(diagnostics) };
  return {
    library: assembleLibrary({ rubrics: chosen, set: set?.value, bands, provisionalBelow, scoredFrom: set?.value.scored_from ?? 'answers-and-facts', policy: policies[0]!.value }),
    diagnostics: sortDiagnostics(diagnostics),
  };
}


/** Checks a rubric file on its own beyond its schema: ids, facts, bands, recommendations. */
function checkRubric(source: YamlSource, rubric: Rubric): Diagnostic[] {
  const out: Diagnostic[] = [];
  const areaIds = new Set<string>();
  const questionIds = new Set<string>();
  rubric.areas.forEach((area, ai) => {
    if (areaIds.has(area.id)) out.push(diagnosticAt(source, ['areas', ai, 'id'], 'duplicate-id', `area id "${area.id}" is used twice; give each area its own id`));
    areaIds.add(area.id);
    area.questions.forEach((q, qi) => {
      const at = ['areas', ai, 'questions', qi] as const;
      if (questionIds.has(q.id)) out.push(diagnosticAt(source, [...at, 'id'], 'duplicate-id', `question id "${q.id}" is used twice; give each question its own id`));
      questionIds.add(q.id);
      out.push(...checkDerive(source, [...at], q), ...checkGate(source, [...at], q));
      if (q.type === 'number') out.push(...checkNumberBands(source, [...at], q));
      // What an earlier answer stands for must be a valid answer now.
      for (const [old, now] of Object.entries(q.earlier_answers ?? {})) {
        const problem = answerProblem(q, now);
        if (problem) out.push(diagnosticAt(source, [...at, 'earlier_answers', old], 'bad-answer', `the answer ${problem}`));
      }
      if (q.type === 'choice') {
        const seen = new Set<string>();
        q.options.forEach((o, oi) => {
          if (seen.has(o.value)) out.push(diagnosticAt(source, [...at, 'options', oi, 'value'], 'duplicate-option', `option "${o.value}" is listed twice; keep one`));
          seen.add(o.value);
        });
      }
      // Two pieces of advice for one score are fine when the law decides between them.
      const limits = new Set<string>();
      q.recommendations.forEach((r, ri) => {
        const key = JSON.stringify([r.up_to, r.when_law ?? [], r.unless_law ?? []]);
        if (limits.has(key)) out.push(diagnosticAt(source, [...at, 'recommendations', ri, 'up_to'], 'duplicate-recommendation', `two recommendations have up_to: ${r.up_to}; give each a different score limit`));
        limits.add(key);
      });
    });
  });
  return out;
}

/** counts_only_if must name a number fact, as only a number can fall short of at_least. */
function checkGate(source: YamlSource, at: (string | number)[], q: Question): Diagnostic[] {
  const gate = q.counts_only_if;
  if (gate === undefined) return [];
  const fact = factNamed(gate.fact);
  const path = [...at, 'counts_only_if', 'fact'];
  if (!fact) {
    const hint = nearestName(gate.fact, FACT_NAMES);
    return [diagnosticAt(source, path, 'unknown-fact', `unknown fact "${gate.fact}"; ${hint ? `did you mean "${hint}"?` : `known facts are ${listOf(FACT_NAMES)}`}`)];
  }
  if (fact.kind !== 'number') return [diagnosticAt(source, path, 'wrong-type', `fact "${gate.fact}" is not a number, so it cannot fall short of at_least; name a number fact`)];
  return [];
}

function checkDerive(source: YamlSource, at: (string | number)[], q: Question): Diagnostic[] {
  if (q.derive === undefined) return [];
  const fact = factNamed(q.derive);
  if (!fact) {
    const hint = nearestName(q.derive, FACT_NAMES);
    return [diagnosticAt(source, [...at, 'derive'], 'unknown-fact', `unknown fact "${q.derive}"; ${hint ? `did you mean "${hint}"?` : `known facts are ${listOf(FACT_NAMES)}`}`)];
  }
  const out: Diagnostic[] = [];
  if (q.derive_answers !== undefined) return [...out, ...checkDeriveAnswers(source, at, q, fact), ...notApplicableText(source, at, q, fact)];
  const wrongKind = (want: string) =>
    diagnosticAt(source, [...at, 'type'], 'wrong-question-type', `question is type "${q.type}" but fact "${q.derive}" gives ${want}; make the question type "${fact.kind}", or add derive_answers`);
  if (fact.kind === 'number' && q.type !== 'number') out.push(wrongKind('a number'));
  if (fact.kind === 'yes_no' && q.type !== 'yes_no') out.push(wrongKind('yes, partly or no'));
  if (fact.kind === 'choice') {
    if (q.type !== 'choice') out.push(wrongKind(`one of ${listOf(fact.options)}`));
    else {
      const missing = fact.options.filter((o) => !q.options.some((opt) => opt.value === o));
      if (missing.length > 0) out.push(diagnosticAt(source, [...at, 'options'], 'missing-option', `fact "${q.derive}" can be ${listOf(missing.map((m) => `"${m}"`))}, which the options do not list; add an option for each`));
    }
  }
  return [...out, ...notApplicableText(source, at, q, fact)];
}

function notApplicableText(source: YamlSource, at: (string | number)[], q: Question, fact: FactDefinition): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (fact.mayBeNotApplicable && q.not_applicable === undefined) {
    out.push(diagnosticAt(source, [...at, 'derive'], 'needs-not-applicable', `fact "${q.derive}" can be "not applicable", so the question needs a not_applicable text saying when`));
  }
  return out;
}

/** derive_answers must fit the fact (a map for a choice, bands for a number), cover every value, and give valid answers. */
function checkDeriveAnswers(source: YamlSource, at: (string | number)[], q: Question, fact: FactDefinition): Diagnostic[] {
  const map = q.derive_answers!;
  const path = [...at, 'derive_answers'];
  const out: Diagnostic[] = [];
  const checkAnswer = (answer: string | number, where: (string | number)[]) => {
    const problem = answerProblem(q, answer);
    if (problem) out.push(diagnosticAt(source, where, 'bad-answer', `the answer ${problem}`));
  };
  if (fact.kind === 'choice') {
    if (Array.isArray(map)) return [diagnosticAt(source, path, 'wrong-type', `fact "${q.derive}" is a choice, so derive_answers maps each of its values to an answer (value: answer)`)];
    const missing = fact.options.filter((o) => !Object.hasOwn(map, o));
    if (missing.length > 0) out.push(diagnosticAt(source, path, 'missing-option', `fact "${q.derive}" can be ${listOf(missing.map((m) => `"${m}"`))}, which derive_answers does not map; add an answer for each`));
    for (const key of Object.keys(map)) {
      if (!fact.options.includes(key)) out.push(diagnosticAt(source, path, 'unknown-fact', `fact "${q.derive}" is never "${key}"; its values are ${listOf(fact.options.map((o) => `"${o}"`))}`, 'error', key));
      else checkAnswer(map[key]!, [...path, key]);
    }
  } else if (fact.kind === 'number') {
    if (!Array.isArray(map)) return [diagnosticAt(source, path, 'wrong-type', `fact "${q.derive}" is a number, so derive_answers is a list of bands: - { at_least: 0, answer: no }`)];
    if (!map.some((b) => b.at_least <= 0)) out.push(diagnosticAt(source, path, 'bands-gap', 'the lowest band must start at 0 or below so that every value gives an answer'));
    map.forEach((b, i) => checkAnswer(b.answer, [...path, i, 'answer']));
  } else {
    out.push(diagnosticAt(source, path, 'wrong-type', `fact "${q.derive}" already gives yes, partly or no; remove derive_answers`));
  }
  return out;
}

function checkNumberBands(source: YamlSource, at: (string | number)[], q: Extract<Question, { type: 'number' }>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const edge = (b: { min?: number | undefined; above?: number | undefined }): number => (b.min ?? b.above)!;
  q.bands.forEach((b, i) => {
    const prev = q.bands[i - 1];
    if (!prev) return;
    const ascending = edge(b) > edge(prev) || (edge(b) === edge(prev) && prev.min !== undefined && b.above !== undefined);
    if (!ascending) out.push(diagnosticAt(source, [...at, 'bands', i], 'bands-out-of-order', 'number bands must go from the lowest value to the highest'));
  });
  const first = q.bands[0]!;
  const covers = first.min !== undefined ? first.min <= q.range.min : first.above! < q.range.min;
  if (!covers) out.push(diagnosticAt(source, [...at, 'bands', 0], 'bands-gap', `the first band must start at or below range.min (${q.range.min}) so that every allowed answer scores`));
  if (q.range.max !== undefined && q.range.max < q.range.min) out.push(diagnosticAt(source, [...at, 'range', 'max'], 'range-reversed', 'range.max is below range.min; swap them'));
  return out;
}

