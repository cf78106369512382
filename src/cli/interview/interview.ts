/**
 * The interview: procurement facts first, then the rubric questions area by area, then a
 * review. Every answer is saved to the contract file as soon as it is given.
 */
import { factNamed, type FactValue } from '../../facts/catalogue.js';
import { premiseMissing } from '../../facts/premise.js';
import { deriveProcurementFacts } from '../../facts/procurement-facts.js';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { answerProblem, NOT_APPLICABLE } from '../../load/contract.js';
import type { RubricLibrary } from '../../load/library.js';
import { ProcurementSchema, type Answer, type Procurement } from '../../model/contract.js';
import type { AppliedCouncil } from '../../model/council.js';
import type { Question } from '../../model/rubric.js';
import { AUTOMATIC_FACTS, FACT_FIELDS, groupHead, parseDate, parseList, parseNumber, type Field } from '../../interview/fields.js';
import { answerChoices, questionSteps, type QuestionStep } from '../../interview/questions.js';
import { answerText } from '../../score/question-score.js';
import { renderCouncilTemplate } from '../../render/template.js';
import { plainText } from '../../render/text.js';
import { createFile } from '../files.js';
import type { Draft } from './draft.js';
import type { Prompter, PromptChoice } from './prompter.js';

/** The value of "Not sure yet": the question or fact stays unanswered. */
const NOT_SURE = Symbol('not sure yet');
const NOT_SURE_CHOICE = { value: NOT_SURE, name: 'Not sure yet (leave it unanswered)' } as const;

export interface InterviewOptions {
  library: RubricLibrary;
  draft: Draft;
  prompter: Prompter;
  /** Progress and explanations for the person (stderr). */
  say: (text: string) => void;
  /** "missing" asks only what the file leaves unanswered; "all" also asks answered questions again. */
  mode: 'missing' | 'all';
  /** Continuing an existing file: facts that feed no answer are not asked again. */
  resuming: boolean;
  /**
   * The council profile the contract uses (its council: key, or --council): the questions about
   * the council are then not asked. Or, with none, `newProfileDate`: at the end, offer to move the
   * answers about the council into a new profile beside the contract, reviewed on that date.
   * Left out: every question is asked and nothing is offered.
   */
  council?: { profile: AppliedCouncil } | { newProfileDate: string };
}

/** Where the interview offers to save the answers about the council: beside the contract file. */
export const NEW_COUNCIL_PROFILE = 'council.yaml';

export async function runInterview(o: InterviewOptions): Promise<void> {
  await askFacts(o);
  await askQuestions(o, o.mode);
  await review(o);
  if (o.council && 'newProfileDate' in o.council) await offerCouncilProfile(o, o.council.newProfileDate);
}

/** The profile in use, if any. */
const profileOf = (o: InterviewOptions): AppliedCouncil | undefined => (o.council && 'profile' in o.council ? o.council.profile : undefined);

/** A question the council profile answers for this interview: about the council, with a profile in use. */
const fromProfile = (o: InterviewOptions, q: Question): boolean => q.scope === 'council' && profileOf(o) !== undefined;

const proc = (path: readonly string[]) => ['procurement', ...path];

async function askFacts(o: InterviewOptions): Promise<void> {
  const wanted = FACT_FIELDS.filter((f) => !(o.resuming && f.informational));
  const missing = wanted.filter((f) => !o.draft.has(proc(f.path)));
  if (missing.length === 0 && o.draft.has(proc(['lots']))) return;
  o.say('\nFirst, the facts of the procurement. kil works out several answers from them.\n');
  for (const field of wanted) {
    if (o.draft.has(proc(field.path))) continue;
    if (field.belowThresholdOnly && aboveThreshold(o)) continue;
    const head = groupHead(field);
    if (head && !o.draft.has(proc(head))) continue; // the group was left "not sure yet"
    const required = field.required === true || (field.requiredInGroup === true && head !== undefined);
    const value = await askField(o, field, required);
    if (value === NOT_SURE) continue;
    o.draft.set(proc(field.path), value);
    for (const auto of AUTOMATIC_FACTS) if (auto.when.join('.') === field.path.join('.')) o.draft.set(proc(auto.path), auto.value);
    o.draft.save();
  }
  if (!o.draft.has(proc(['lots']))) await askLots(o);
}

async function askField(o: InterviewOptions, field: Field, required: boolean): Promise<unknown> {
  if (field.help) o.say(`${field.help}\n`);
  if (field.kind === 'choice') {
    const choices: PromptChoice<unknown>[] = [...field.choices, ...(required ? [] : [NOT_SURE_CHOICE])];
    return o.prompter.select(field.label, choices);
  }
  const optional = required ? '' : ' (Enter to leave it for now)';
  const validate = (text: string): true | string => {
    if (text.trim() === '') return required ? 'This is needed to assess the procurement; please give it' : true;
    if (field.kind === 'number') {
      const n = parseNumber(text, field);
      if (!n.ok) return n.error;
      return evaluationTotal(o, field, n.value);
    }
    if (field.kind === 'date') {
      const d = parseDate(text);
      return d.ok ? true : d.error;
    }
    return true;
  };
  const text = (await o.prompter.input(`${field.label}${optional}`, { validate })).trim();
  if (text === '') return NOT_SURE;
  if (field.kind === 'number') return (parseNumber(text, field) as { value: number }).value;
  if (field.kind === 'list') return parseList(text);
  return text;
}

/** Price, quality and social value must add up to 100: check it on the last of the three. */
function evaluationTotal(o: InterviewOptions, field: Field, value: number): true | string {
  if (field.path.join('.') !== 'evaluation.social_value_pct') return true;
  const price = Number(o.draft.get(proc(['evaluation', 'price_pct'])) ?? 0);
  const quality = Number(o.draft.get(proc(['evaluation', 'quality_pct'])) ?? 0);
  const total = price + quality + value;
  return Math.abs(total - 100) < 1e-9 ? true : `Price ${price}% + quality ${quality}% + social value ${value}% is ${total}%; it must be 100% (so ${100 - price - quality}% here)`;
}

async function askLots(o: InterviewOptions): Promise<void> {
  const countText = await o.prompter.input('How many lots is it divided into? (1 if it is not divided; Enter to leave it for now)', {
    validate: (t) => {
      if (t.trim() === '') return true;
      const n = parseNumber(t, { unit: 'lots', min: 1, max: 200, integer: true });
      return n.ok ? true : n.error;
    },
  });
  if (countText.trim() === '') return;
  const count = (parseNumber(countText, { unit: 'lots', min: 1, integer: true }) as { value: number }).value;
  const amount = o.draft.get(proc(['value', 'amount']));
  const neighbourhoods = (o.draft.get(proc(['place', 'neighbourhoods'])) as string[] | undefined) ?? [];
  if (count === 1) {
    o.draft.set(proc(['lots']), [{ id: 'lot-1', value: typeof amount === 'number' ? amount : 0 }]);
    o.draft.save();
    const reasons = await o.prompter.select<boolean | typeof NOT_SURE>('Are the reasons for not dividing it into lots published (Procurement Act 2023 s.18)?', [
      { value: true, name: 'Yes' },
      { value: false, name: 'No' },
      NOT_SURE_CHOICE,
    ]);
    if (reasons !== NOT_SURE) {
      o.draft.set(proc(['single_lot_reasons_published']), reasons);
      o.draft.save();
    }
    return;
  }
  const lots: { id: string; neighbourhood?: string; value: number }[] = [];
  for (let i = 1; i <= count; i++) {
    let neighbourhood: string | typeof NOT_SURE = NOT_SURE;
    if (neighbourhoods.length > 0) {
      neighbourhood = await o.prompter.select<string | typeof NOT_SURE>(`Lot ${i} of ${count}: which neighbourhood does it cover?`, [
        ...neighbourhoods.map((n) => ({ value: n, name: n })),
        { value: NOT_SURE, name: 'None of these (several, or the whole place)' },
      ]);
    }
    const valueText = await o.prompter.input(`Lot ${i} of ${count}: its value in pounds`, {
      validate: (t) => {
        const n = parseNumber(t, { unit: '£', min: 0 });
        return n.ok ? true : n.error;
      },
    });
    lots.push({ id: `lot-${i}`, ...(neighbourhood !== NOT_SURE ? { neighbourhood } : {}), value: (parseNumber(valueText, { unit: '£', min: 0 }) as { value: number }).value });
    o.draft.set(proc(['lots']), lots);
    o.draft.save();
  }
  const cap = await o.prompter.input(`At most how many lots can one bidder win? (Enter if there is no cap)`, {
    validate: (t) => {
      if (t.trim() === '') return true;
      const n = parseNumber(t, { unit: 'lots', min: 1, integer: true });
      return n.ok ? true : n.error;
    },
  });
  if (cap.trim() !== '') {
    o.draft.set(proc(['max_lots_per_bidder']), (parseNumber(cap, { unit: 'lots', min: 1, integer: true }) as { value: number }).value);
    o.draft.save();
  }
}

/** Whether the facts given so far put the contract at or above its threshold. */
function aboveThreshold(o: InterviewOptions): boolean {
  const parsed = ProcurementSchema.safeParse(o.draft.get(['procurement']));
  return parsed.success && deriveProcurementFacts(parsed.data, o.library.policy).aboveThreshold === true;
}

/**
 * The facts as they stand, when the required ones are there: a question's derived answer, or
 * why the law that applies leaves it out. A derived "not applicable" reads as the same.
 */
function currentFacts(o: InterviewOptions): ((q: Question) => FactValue | undefined) | undefined {
  const parsed = ProcurementSchema.safeParse(o.draft.get(['procurement']));
  if (!parsed.success) return undefined;
  const procurement: Procurement = parsed.data;
  const facts = deriveProcurementFacts(procurement, o.library.policy);
  return (q) => {
    const reason = premiseMissing(q, facts, o.library.policy);
    if (reason !== undefined) return { status: 'not-applicable', reason };
    return q.derive === undefined ? undefined : factNamed(q.derive)!.compute({ procurement, facts, policy: o.library.policy });
  };
}

function isAnswered(o: InterviewOptions, id: string): boolean {
  const a = o.draft.answer(id);
  return a !== undefined && a.value !== null && a.value !== undefined;
}

async function askQuestions(o: InterviewOptions, mode: 'missing' | 'all'): Promise<void> {
  const factFor = currentFacts(o);
  let announced = '';
  const profile = profileOf(o);
  if (profile && questionSteps(o.library).some((s) => s.question.scope === 'council')) {
    o.say(`\nThe questions about the council are answered by the council profile ${plainText(profile.path)} (${plainText(profile.profile.council.name)}), so they are not asked.\n`);
  }
  for (const step of questionSteps(o.library)) {
    const { question: q } = step;
    const derived = factFor ? factFor(q) : undefined;
    if (derived && derived.status !== 'unknown') continue; // the facts settle it
    if (fromProfile(o, q)) continue;
    if (mode === 'missing' && isAnswered(o, q.id)) continue;
    if (announced !== step.rubric.id) {
      o.say(`\n${plainText(step.rubric.title)}\n`);
      announced = step.rubric.id;
    }
    await askQuestion(o, step);
  }
}

async function askQuestion(o: InterviewOptions, step: QuestionStep): Promise<void> {
  const q = step.question;
  const before = o.draft.answer(q.id);
  o.say(`\n${plainText(step.position)}\n${plainText(q.help)}\n`);
  const message = `${q.id} ${plainText(q.prompt)}`;
  let value: string | number | null;
  if (q.type === 'number') {
    const na = q.not_applicable ? ` or "${NOT_APPLICABLE}"` : '';
    const text = await o.prompter.input(`${message} (${plainText(q.unit)}${na}; Enter if not sure yet)`, {
      ...(typeof before?.value === 'number' ? { default: String(before.value) } : {}),
      validate: (t) => numberAnswer(q, t).error ?? true,
    });
    value = numberAnswer(q, text).value;
  } else {
    const choices: PromptChoice<string | number | typeof NOT_SURE>[] = [...answerChoices(q).map((c) => ({ value: c.value as string | number, name: plainText(c.name) })), NOT_SURE_CHOICE];
    const current = before?.value;
    const picked = await o.prompter.select(message, choices, typeof current === 'string' || typeof current === 'number' ? current : undefined);
    value = picked === NOT_SURE ? null : picked;
  }
  let note = before?.note;
  if (value !== null) {
    const typed = await o.prompter.input('Note (optional, Enter to skip)', note ? { default: note } : {});
    note = typed.trim() === '' ? undefined : typed.trim();
  }
  o.draft.setAnswer(q.id, value, value === null ? undefined : note);
  o.draft.save();
}

function numberAnswer(q: Extract<Question, { type: 'number' }>, text: string): { value: number | string | null; error?: string } {
  const t = text.trim();
  if (t === '') return { value: null };
  if (q.not_applicable && t.toLowerCase() === NOT_APPLICABLE) return { value: NOT_APPLICABLE };
  const n = parseNumber(t, { unit: q.unit, min: q.range.min, ...(q.range.max !== undefined ? { max: q.range.max } : {}), integer: q.integer });
  if (!n.ok) return { value: null, error: n.error };
  const problem = answerProblem(q, n.value);
  return problem ? { value: null, error: `That answer ${problem}` } : { value: n.value };
}

/** A summary by area, with the chance to change any answer, before the report is written. */
async function review(o: InterviewOptions): Promise<void> {
  const steps = questionSteps(o.library);
  for (;;) {
    const factFor = currentFacts(o);
    const lines: string[] = ['\nYour answers:'];
    let area = '';
    for (const step of steps) {
      if (step.area.id !== area) {
        area = step.area.id;
        lines.push(`  ${plainText(step.area.title)}`);
      }
      const q = step.question;
      const derived = factFor ? factFor(q) : undefined;
      const own = o.draft.answer(q.id);
      const profiled = fromProfile(o, q) && !answered(own) ? profileOf(o)!.profile.answers[q.id] : undefined;
      const a = profiled ?? own;
      const shown =
        derived && derived.status === 'known'
          ? `derived: ${derived.explanation}`
          : derived && derived.status === 'not-applicable'
            ? 'not applicable'
            : answered(a)
              ? answerText(q, a.value === NOT_APPLICABLE ? 'not-applicable' : 'answered', a.value as string | number)
              : fromProfile(o, q)
                ? 'not answered in the council profile'
                : 'not sure yet';
      lines.push(`    ${q.id} ${plainText(shown)}${answered(profiled) ? ' (from the council profile)' : ''}`);
    }
    o.say(`${lines.join('\n')}\n`);
    const action = await o.prompter.select('Ready to write the report?', [
      { value: 'report', name: 'Write the report' },
      { value: 'change', name: 'Change an answer' },
    ]);
    if (action === 'report') return;
    const askable = steps.filter((s) => {
      const d = factFor ? factFor(s.question) : undefined;
      return !(d && d.status !== 'unknown') && !fromProfile(o, s.question);
    });
    const chosen = await o.prompter.select(
      'Which answer?',
      askable.map((s) => ({ value: s.question.id, name: `${s.question.id} ${plainText(s.question.prompt)}` })),
    );
    await askQuestion(o, askable.find((s) => s.question.id === chosen)!);
  }
}

/** Whether an answer as written has a value ("not sure yet" has none). */
function answered(a: { value: unknown } | undefined): a is { value: string | number; note?: string } {
  return a !== undefined && a.value !== null && a.value !== undefined;
}

/**
 * With no council profile in use: offer to move the answers about the council into a new profile
 * beside the contract, which the contract then names, so other contracts can use the same answers.
 * Never replaces a file.
 */
async function offerCouncilProfile(o: InterviewOptions, reviewed: string): Promise<void> {
  const answers: Record<string, Answer> = {};
  for (const { question: q } of questionSteps(o.library)) {
    const a = o.draft.answer(q.id);
    // The evidence the file holds goes with the answer (the interview itself asks only for a note).
    const evidence = o.draft.get(['answers', q.id, 'evidence']);
    if (q.scope === 'council' && answered(a)) answers[q.id] = { value: a.value, ...(a.note ? { note: a.note } : {}), ...(typeof evidence === 'string' ? { evidence } : {}) };
  }
  const ids = Object.keys(answers);
  if (ids.length === 0) return;
  const path = join(dirname(o.draft.path), NEW_COUNCIL_PROFILE);
  const which = `${ids.length === 1 ? 'answer' : 'answers'} about the council (${ids.join(', ')})`;
  if (existsSync(path)) {
    o.say(`\n${plainText(path)} already exists, so your ${which} stay in ${plainText(o.draft.path)}. If it is your council profile, add "council: ${NEW_COUNCIL_PROFILE}" to the contract file (its answers then apply, and yours override them).\n`);
    return;
  }
  o.say(
    `\nYour ${which} hold for every contract of the council. kil can move them into a new council profile, ${plainText(path)}, which ${plainText(basename(o.draft.path))} then names; your other contracts can name it too.\n`,
  );
  const save = await o.prompter.confirm(`Move them to ${plainText(path)}?`, true);
  if (!save) return;
  const name = o.draft.get(['procurement', 'buyer', 'name']);
  const text = renderCouncilTemplate(o.library, { reviewed, answers, ...(typeof name === 'string' && name.trim() !== '' ? { name } : {}) });
  if (!createFile(path, text)) {
    o.say(`\n${plainText(path)} appeared meanwhile, so it was not replaced; your ${which} stay in ${plainText(o.draft.path)}.\n`);
    return;
  }
  o.draft.set(['council'], NEW_COUNCIL_PROFILE);
  for (const id of ids) o.draft.delete(['answers', id]);
  o.draft.save();
  o.say(`\nSaved ${plainText(path)}; ${plainText(basename(o.draft.path))} now names it (council: ${NEW_COUNCIL_PROFILE}). Name it in your other contract files, or pass --council ${plainText(path)}.\n`);
}
