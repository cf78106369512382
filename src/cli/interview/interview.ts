/**
 * The interview: procurement facts first, then the rubric questions area by area, then a
 * review. Every answer is saved to the contract file as soon as it is given.
 *
 * The interview is a walk along a list of steps (one prompt each), made afresh from the file
 * after every answer, so a changed fact changes what comes next. `<` at any prompt (or the
 * "← Back" choice) goes back to the previous one, across the facts and questions, with its
 * answer as the default; walking on again passes through the prompts gone back over.
 */
import { factNamed, type FactValue } from '../../facts/catalogue.js';
import { aboutOtherLaw, premiseMissing } from '../../facts/premise.js';
import { deriveProcurementFacts } from '../../facts/procurement-facts.js';
import { NO_CITATIONS, withLaw, type Citations } from '../../model/law-text.js';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { answerProblem, NOT_APPLICABLE } from '../../load/contract.js';
import { ProcurementSchema, type Answer, type Nation, type Procurement } from '../../model/contract.js';
import { fieldAt, procurementTable } from '../../model/field-table.js';
import { contractSumTo100 } from '../../load/field-info.js';
import type { Question } from '../../model/rubric.js';
import { AUTOMATIC_FACTS, FACT_FIELDS, groupHead, parseDate, parseList, parseNumber, type Field, type FieldPath } from '../../interview/fields.js';
import { answerChoices, positionOf, questionSteps, type QuestionStep } from '../../interview/questions.js';
import { answerText } from '../../score/question-score.js';
import { renderCouncilTemplate } from '../../render/template.js';
import { plainText } from '../../render/text.js';
import { createFile } from '../files.js';
import { formatNumber } from '../../model/number-text.js';
import { draftAssessment, planActions, topRecommendations, withoutAction } from './actions.js';
import { bandShown, type Assessment } from '../../score/result.js';
import { BACK, type Back, type PromptChoice } from './prompter.js';
import { lotSteps, lotsOf, lotValueStep } from './lots.js';
import {
  aboveThreshold,
  factsSoFar,
  mayReserve,
  answered,
  asksAllFacts,
  asksAllQuestions,
  BACK_CHOICE,
  defaultText,
  factProblems,
  fromProfile,
  isBack,
  NEW_COUNCIL_PROFILE,
  NOT_SURE,
  NOT_SURE_CHOICE,
  proc,
  profileOf,
  same,
  sayOnce,
  type InterviewOptions,
  type Outcome,
  type Session,
  type Step,
} from './state.js';

export { NEW_COUNCIL_PROFILE, type InterviewMode, type InterviewOptions } from './state.js';


export async function runInterview(options: InterviewOptions): Promise<void> {
  const s: Session = { ...options, trail: [], asked: new Set(), redo: new Set(), settledByKil: new Set(), said: new Set() };
  await walk(s);
  for (;;) {
    await review(s);
    if (!(s.council && 'newProfileDate' in s.council)) return;
    if ((await offerCouncilProfile(s, s.council.newProfileDate)) !== 'back') return;
  }
}

/**
 * Walk forward through the steps that are wanted, going back on `<`. `from`: a step to ask
 * first whatever it holds (going back, or a change chosen in the review).
 */
async function walk(s: Session, from?: string): Promise<void> {
  let after: string | undefined; // the last step done: the walk goes on after it
  let afterIndex = -1;
  let next = from;
  for (;;) {
    const steps = plan(s);
    let step: Step | undefined;
    if (next !== undefined) {
      step = steps.find((x) => x.key === next);
      next = undefined;
      if (!step) {
        // Gone from the plan (a changed fact made it moot): go back one more.
        next = s.trail.pop();
        if (next === undefined) step = undefined;
        else continue;
      }
    }
    if (!step) {
      const found = after === undefined ? -1 : steps.findIndex((x) => x.key === after);
      const start = found === -1 ? afterIndex + 1 : found + 1;
      step = steps.slice(Math.max(0, start)).find((x) => s.redo.has(x.key) || (x.wanted && !s.asked.has(x.key)));
    }
    if (!step) return;
    const outcome = await step.ask(s.trail.length > 0);
    if (outcome === 'back') {
      s.redo.add(step.key);
      next = s.trail.pop();
      continue;
    }
    s.redo.delete(step.key);
    s.asked.add(step.key);
    s.trail.push(step.key);
    after = step.key;
    afterIndex = plan(s).findIndex((x) => x.key === step.key);
  }
}

const INCLUDES_EXTENSIONS = ['value', 'includes_extensions'];
const VALUE_AMOUNT = ['value', 'amount'];
const EXTENSION_MONTHS = ['duration', 'extension_months'];

/**
 * Groups whose fields must add up to 100, from the facts table's rule (the evaluation weightings:
 * price, quality, social value), the same rule the contract loader checks: the last field is what
 * the others leave, so it is never asked; the one before it may not take the total past 100.
 */
const SUM_GROUPS: readonly { fields: FieldPath[]; label: (f: FieldPath) => string }[] = procurementTable().flatMap((r) => {
  if (r.row !== 'group') return [];
  const parts = contractSumTo100(['procurement', ...r.path]);
  return parts ? [{ fields: parts.map((k) => [...r.path, k]), label: (f: FieldPath) => String(f.at(-1)).replace(/_pct$/, '').replaceAll('_', ' ') }] : [];
});
const settledBySum = (path: FieldPath): boolean => SUM_GROUPS.some((g) => same(path, g.fields.at(-1)!));
const listed = (words: readonly string[]): string => (words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} and ${words.at(-1)!}`);

/**
 * The facts in the order asked: as in the file, except that whether the value covers the
 * extension options comes once the extensions are known (none: nothing to ask).
 */
function factOrder(): Field[] {
  const fields = FACT_FIELDS.filter((f) => !same(f.path, INCLUDES_EXTENSIONS));
  const at = fields.findIndex((f) => same(f.path, EXTENSION_MONTHS));
  const includes = FACT_FIELDS.find((f) => same(f.path, INCLUDES_EXTENSIONS));
  if (includes) fields.splice(at + 1, 0, includes);
  return fields;
}

/**
 * The steps as the file stands now: facts, then questions (with the facts they need). The lots
 * come with the value and the duration (their values are on the same basis), before any fact
 * about "the largest lot".
 */
function plan(s: Session): Step[] {
  const steps: Step[] = [];
  const above = aboveThreshold(s);
  for (const field of factOrder()) {
    const step = factStep(s, field, `fact:${field.path.join('.')}`, above);
    if (step) steps.push({ ...step, wanted: step.wanted && !(s.resuming && field.informational && !asksAllFacts(s)) });
    if (same(field.path, INCLUDES_EXTENSIONS)) steps.push(...lotSteps(s));
  }
  steps.push(...questionPlan(s));
  return steps;
}

/** A fact's step, if it is asked as the file stands (its group started, not settled by others). */
function factStep(s: Session, field: Field, key: string, above: boolean): Step | undefined {
  // The reservation facts: only where the buyer may reserve (below the threshold, and a law that gives the power).
  if (field.belowThresholdOnly && (above || mayReserve(s) === false)) return undefined;
  if (settledBySum(field.path)) return undefined; // what the rest of its group leaves of 100: see settle()
  if (same(field.path, INCLUDES_EXTENSIONS) && extensionMonths(s) === 0 && !s.draft.has(proc(field.path))) return undefined;
  const head = groupHead(field);
  if (head && !s.draft.has(proc(head))) return undefined; // the group was left "not sure yet"
  const required = field.required === true || (field.requiredInGroup === true && head !== undefined);
  return {
    key,
    wanted: asksAllFacts(s) || !s.draft.has(proc(field.path)),
    title: `${groupTitle(field.path)}${fieldAt(field.path)?.meta.label ?? field.label} — ${shownFact(s, field)}`,
    ask: async (canGoBack) => {
      if (key.startsWith('fact:')) sayOnce(s, 'facts', '\nFirst, the facts of the procurement. kil works out several answers from them.\nTo go back to the previous prompt, type < then Enter (or pick "← Back").\n');
      const value = await askField(s, field, required, canGoBack);
      if (value === BACK) return 'back';
      if (value === NOT_SURE) {
        // "Not sure" for the first of a group takes the group out: its other facts mean nothing alone.
        const isHead = field.path.length > 1 && head === undefined;
        if (s.draft.has(proc(field.path))) s.draft.delete(proc(isHead ? field.path.slice(0, -1) : field.path));
      } else {
        s.draft.set(proc(field.path), value);
        for (const auto of AUTOMATIC_FACTS) if (same(auto.when, field.path)) s.draft.set(proc(auto.path), auto.value);
      }
      settle(s);
      s.draft.save();
      if (same(field.path, VALUE_AMOUNT)) for (const problem of factProblems(s)) s.say(`${problem}\n`);
      return 'done';
    },
  };
}

/** "The estimated value: " for a fact in a group. */
function groupTitle(path: FieldPath): string {
  if (path.length < 2) return '';
  const group = procurementTable().find((r) => r.row === 'group' && same(r.path, path.slice(0, -1)));
  return group ? `${group.meta.label}: ` : '';
}

/** A fact's value as the person would say it: the label of a choice, "not given" when missing. */
function shownFact(s: Session, field: Field): string {
  const v = s.draft.get(proc(field.path));
  if (v === undefined || v === null) return 'not given';
  if (field.kind === 'choice') return field.choices.find((c) => c.value === v)?.name ?? String(v);
  if (Array.isArray(v)) return v.join(', ');
  if (field.kind === 'number' && field.unit === '£' && typeof v === 'number') return `£${formatNumber(v)}`;
  return field.kind === 'number' && field.unit ? `${String(v)} ${field.unit}` : String(v);
}

const extensionMonths = (s: Session): number | undefined => {
  const v = s.draft.get(proc(EXTENSION_MONTHS));
  return typeof v === 'number' ? v : undefined;
};

/**
 * Fill in what the facts given settle, so it is never asked: the last of a group that adds up to
 * 100 (social value) is what the others (price and quality) leave; with no extension options the
 * value covers them all.
 */
function settle(s: Session): void {
  for (const group of SUM_GROUPS) {
    const given = group.fields.slice(0, -1).map((f) => s.draft.get(proc(f)));
    if (!given.every((v): v is number => typeof v === 'number')) continue;
    const sum = given.reduce((a, b) => a + b, 0);
    if (sum > 100) continue;
    const last = group.fields.at(-1)!;
    const rest = Math.round((100 - sum) * 1e6) / 1e6;
    if (s.draft.get(proc(last)) !== rest) {
      s.draft.set(proc(last), rest);
      const label = fieldAt(last)?.meta.label ?? group.label(last);
      s.say(`${label}: ${rest}% (what ${listed(group.fields.slice(0, -1).map(group.label))} leave of 100%).\n`);
    }
  }
  const key = INCLUDES_EXTENSIONS.join('.');
  const months = extensionMonths(s);
  if (s.draft.has(proc(['value', 'amount'])) && months === 0 && !s.draft.has(proc(INCLUDES_EXTENSIONS))) {
    s.draft.set(proc(INCLUDES_EXTENSIONS), true);
    s.settledByKil.add(key);
  } else if (months !== undefined && months > 0 && s.settledByKil.has(key)) {
    // Extensions added after kil settled it: now it is a real question.
    s.draft.delete(proc(INCLUDES_EXTENSIONS));
    s.settledByKil.delete(key);
  }
}

async function askField(s: Session, field: Field, required: boolean, canGoBack: boolean): Promise<unknown> {
  if (field.help) s.say(`${field.help}\n`);
  const current = s.draft.get(proc(field.path));
  if (field.kind === 'choice') {
    const notSure = notSureFor(field);
    const choices: PromptChoice<unknown>[] = [...field.choices, ...(required && notSure === NOT_SURE_CHOICE ? [] : [notSure]), ...(canGoBack ? [BACK_CHOICE] : [])];
    // Nothing given yet: Enter leaves it unanswered rather than recording the first choice as the
    // person's answer (a hurried Enter saved "yes" to pre-qualification and full cost recovery).
    const offersNotSure = choices.includes(NOT_SURE_CHOICE);
    const picked = await s.prompter.select(field.label, choices, current !== undefined ? { default: current } : offersNotSure ? { default: NOT_SURE } : {});
    return notSureValue(field, picked.value);
  }
  const optional = required ? '' : ' (Enter to leave it for now)';
  const validate = (text: string): true | string => {
    if (canGoBack && isBack(text)) return true;
    if (text.trim() === '') return required ? 'This is needed to assess the procurement; please give it' : true;
    if (field.kind === 'number') {
      const n = parseNumber(text, field);
      if (!n.ok) return n.error;
      return groupTotal(s, field, n.value);
    }
    if (field.kind === 'date') {
      const d = parseDate(text);
      return d.ok ? true : d.error;
    }
    return true;
  };
  const shown = defaultText(current);
  const text = (await s.prompter.input(`${field.label}${optional}`, { validate, ...(shown !== undefined ? { default: shown } : {}) })).trim();
  if (canGoBack && isBack(text)) return BACK;
  if (text === '') return NOT_SURE;
  if (field.kind === 'number') return (parseNumber(text, field) as { value: number }).value;
  if (field.kind === 'list') return parseList(text);
  // 31/01/2027 is kept as 2027-01-31, as the file's format wants it.
  if (field.kind === 'date') return (parseDate(text) as { value: string }).value;
  return text;
}

/**
 * "Not sure yet" for a fact. The VAT basis and the extensions must be given once there is a
 * value, so "not sure" there saves the cautious reading (thresholds never understated).
 */
function notSureFor(field: Field): PromptChoice<unknown> {
  if (same(field.path, ['value', 'vat'])) return { value: NOT_SURE, name: 'Not sure yet (kil takes it as excluding VAT and adds VAT: the cautious reading for thresholds)' };
  if (same(field.path, INCLUDES_EXTENSIONS)) return { value: NOT_SURE, name: 'Not sure yet (kil takes it as not covering them and scales the value up)' };
  return NOT_SURE_CHOICE;
}

function notSureValue(field: Field, picked: unknown): unknown {
  if (picked !== NOT_SURE) return picked;
  if (same(field.path, ['value', 'vat'])) return 'excluded';
  if (same(field.path, INCLUDES_EXTENSIONS)) return false;
  return NOT_SURE;
}

/** The last asked field of a group that adds up to 100 must leave the last one its rest: check they do not pass 100 already. */
function groupTotal(s: Session, field: Field, value: number): true | string {
  const group = SUM_GROUPS.find((g) => same(field.path, g.fields.at(-2)!));
  if (!group) return true;
  const earlier = group.fields.slice(0, -2);
  const values = earlier.map((f) => Number(s.draft.get(proc(f)) ?? 0));
  const before = values.reduce((a, b) => a + b, 0);
  const total = before + value;
  if (total <= 100 + 1e-9) return true;
  const terms = [...earlier.map((f, i) => `${group.label(f)} ${values[i]!}%`), `${group.label(field.path)} ${value}%`].join(' + ');
  const said = terms.charAt(0).toUpperCase() + terms.slice(1);
  return `${said} is ${total}%; with ${group.label(group.fields.at(-1)!)} they must make 100% (so at most ${100 - before}% here; type < to change the ${listed(earlier.map(group.label))})`;
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

/** How the law that applies to the draft cites its provisions; none while the facts do not show it. */
function lawNow(o: Pick<InterviewOptions, 'draft' | 'library'>): Citations {
  return factsSoFar(o)?.regime?.citations ?? NO_CITATIONS;
}

function isAnswered(o: InterviewOptions, id: string): boolean {
  const a = o.draft.answer(id);
  return a !== undefined && a.value !== null && a.value !== undefined;
}

/**
 * The facts an unknown derived answer is missing, as steps: "procurement.value" is the value's
 * facts, "procurement.lots[].value" the values of the lots that have none.
 */
function missingFactSteps(s: Session, missing: readonly string[], q: Question): Step[] {
  const steps: Step[] = [];
  const above = aboveThreshold(s);
  for (const m of missing) {
    const path = m.replace(/^procurement\./, '');
    if (path === 'lots[].value') {
      lotsOf(s).forEach((lot, i) => {
        if (lot.value === undefined) steps.push(explained(s, q, lotValueStep(s, i, `again:lot:${i}:value`, true)));
      });
      continue;
    }
    for (const field of factOrder()) {
      if (field.path.join('.') !== path && !field.path.join('.').startsWith(`${path}.`)) continue;
      const step = factStep(s, field, `again:${field.path.join('.')}`, above);
      if (step && !s.draft.has(proc(field.path))) steps.push(explained(s, q, { ...step, wanted: true }));
    }
  }
  return steps;
}

/** A fact asked for a question: say once why. */
function explained(s: Session, q: Question, step: Step): Step {
  return {
    ...step,
    ask: (canGoBack) => {
      sayOnce(s, `why:${q.id}`, `\n${q.id} ${plainText(withLaw(q.prompt, lawNow(s)))}\nkil works this out from the facts; give the ones below if you can (Enter to leave them).\n`);
      return step.ask(canGoBack);
    },
  };
}

/**
 * The questions to ask, in rubric order. A question the facts answer is not asked; one whose
 * fact is unknown asks first for the facts it needs. A derived number nobody knows offhand
 * (the largest lot's value a year) is never asked itself: it waits for its facts.
 */
function questionPlan(s: Session): Step[] {
  const factFor = currentFacts(s);
  const planned: { step: QuestionStep; facts: Step[]; wanted: boolean; asked: boolean }[] = [];
  for (const step of questionSteps(s.library)) {
    const q = step.question;
    if (fromProfile(s, q)) continue;
    const derived = factFor ? factFor(q) : undefined;
    if (derived && derived.status !== 'unknown') continue; // the facts settle it
    const wanted = asksAllQuestions(s) || !isAnswered(s, q.id);
    const facts = derived && derived.status === 'unknown' && wanted ? missingFactSteps(s, derived.missing, q) : [];
    // A derived number waits for its facts; only when no fact can be asked is the question itself.
    planned.push({ step, facts, wanted, asked: !(q.type === 'number' && facts.length > 0) });
  }
  // "question 2 of 3" counts the questions of the area this interview asks, not those the facts
  // settle or that were answered before it (they made a first question "2 of 6"); those answered
  // in this session still count, or the plan, made again after each answer, read "1 of 3",
  // "1 of 2", "1 of 1".
  const toAsk = new Map<QuestionStep['area'], QuestionStep[]>();
  for (const p of planned) if (p.asked && (p.wanted || s.asked.has(`q:${p.step.question.id}`))) toAsk.set(p.step.area, [...(toAsk.get(p.step.area) ?? []), p.step]);
  const steps: Step[] = [];
  for (const p of planned) {
    steps.push(...p.facts);
    if (!p.asked) continue;
    const area = toAsk.get(p.step.area) ?? [];
    const at = area.indexOf(p.step);
    const step = at === -1 ? p.step : { ...p.step, position: positionOf(p.step, at + 1, area.length) };
    steps.push({ key: `q:${step.question.id}`, wanted: p.wanted, ask: (canGoBack) => askQuestion(s, step, canGoBack) });
  }
  return steps;
}

async function askQuestion(s: Session, step: QuestionStep, canGoBack: boolean): Promise<Outcome> {
  const q = step.question;
  const profile = profileOf(s);
  if (profile && questionSteps(s.library).some((x) => x.question.scope === 'council')) {
    sayOnce(s, 'profile', `\nThe questions about the council are answered by the council profile ${plainText(profile.path)} (${plainText(profile.profile.council.name)}), so they are not asked.\n`);
  }
  sayOnce(s, 'keys', '\nAt a question, + (in a list, or after a typed answer: "40+") adds a note or evidence to your answer; < then Enter goes back.\n');
  if (s.rubricShown !== step.rubric.id) {
    s.rubricShown = step.rubric.id;
    s.say(`\n${plainText(step.rubric.title)}\n`);
  }
  const before = s.draft.answer(q.id);
  // The law in the help as it applies to this procurement so far (none until the facts show it).
  const law = lawNow(s);
  s.say(`\n${plainText(step.position)}\n${plainText(withLaw(q.help, law))}\n`);
  const message = `${q.id} ${plainText(withLaw(q.prompt, law))}`;
  for (;;) {
    let value: string | number | null;
    let more = false;
    if (q.type === 'number') {
      const na = q.not_applicable ? ` or "${NOT_APPLICABLE}"` : '';
      const text = await s.prompter.input(`${message} (${plainText(q.unit)}${na}; Enter if not sure yet)`, {
        ...(typeof before?.value === 'number' || before?.value === NOT_APPLICABLE ? { default: String(before.value) } : {}),
        validate: (t) => (canGoBack && isBack(t) ? true : (numberAnswer(q, withoutPlus(t).text).error ?? true)),
      });
      if (canGoBack && isBack(text)) return 'back';
      more = withoutPlus(text).more;
      value = numberAnswer(q, withoutPlus(text).text).value;
    } else {
      const choices: PromptChoice<string | number | typeof NOT_SURE | Back>[] = [
        ...answerChoices(q).map((c) => ({ value: c.value as string | number, name: plainText(c.name) })),
        NOT_SURE_CHOICE,
        ...(canGoBack ? [BACK_CHOICE] : []),
      ];
      const current = before?.value;
      // Unanswered, the cursor starts on "Not sure yet": Enter alone never records an answer the person did not choose.
      const preset: string | number | typeof NOT_SURE = typeof current === 'string' || typeof current === 'number' ? current : NOT_SURE;
      const picked = await s.prompter.select<string | number | typeof NOT_SURE | Back>(message, choices, { default: preset, more: true });
      if (picked.value === BACK) return 'back';
      more = picked.more === true;
      value = picked.value === NOT_SURE ? null : picked.value;
    }
    let note = before?.note;
    // Left undefined, the file's evidence stays as it is; null takes it out.
    let evidence: string | null | undefined;
    if (more) {
      const typed = await s.prompter.input(`Note for ${q.id} (Enter for none; < to change the answer)`, note ? { default: note } : {});
      if (isBack(typed)) continue;
      note = typed.trim() === '' ? undefined : typed.trim();
      const cited = await s.prompter.input(`Evidence for ${q.id}: a document, minutes or a link (Enter for none)`, before?.evidence ? { default: before.evidence } : {});
      if (!isBack(cited)) evidence = cited.trim() === '' ? null : cited.trim();
    }
    s.draft.setAnswer(q.id, value, note, evidence);
    s.draft.save();
    return 'done';
  }
}

/** "40+" is 40, with a note to add. */
function withoutPlus(text: string): { text: string; more: boolean } {
  const t = text.trim();
  return t.endsWith('+') ? { text: t.slice(0, -1).trim(), more: true } : { text: t, more: false };
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

/** The facts and answers by area, printed before the report is written: one line each. */
function summary(s: Session): string[] {
  const factFor = currentFacts(s);
  const lines: string[] = ['The facts:'];
  for (const step of plan({ ...s, mode: 'all' }).filter((x) => x.title !== undefined)) lines.push(`    ${plainText(step.title!)}`);
  lines.push('\nYour answers:');
  let area = '';
  const nation = s.draft.get(proc(['buyer', 'nation']));
  for (const step of questionSteps(s.library)) {
    // Another nation's law is not this contract's business (the report leaves it out too).
    if (typeof nation === 'string' && aboutOtherLaw(step.question, nation as Nation, s.library.policy)) continue;
    if (step.area.id !== area) {
      area = step.area.id;
      lines.push(`  ${plainText(step.area.title)}`);
    }
    const q = step.question;
    const derived = factFor ? factFor(q) : undefined;
    const own = s.draft.answer(q.id);
    const profiled = fromProfile(s, q) && !answered(own) ? profileOf(s)!.profile.answers[q.id] : undefined;
    const a = profiled ?? own;
    const shown =
      derived && derived.status === 'known'
        ? `derived: ${derived.explanation}`
        : derived && derived.status === 'not-applicable'
          ? 'not applicable'
          : answered(a)
            ? answerText(q, a.value === NOT_APPLICABLE ? 'not-applicable' : 'answered', a.value as string | number)
            : fromProfile(s, q)
              ? 'not answered in the council profile'
              : derived && derived.status === 'unknown' && q.type === 'number'
                ? `not known yet: kil works it out from ${derived.missing.join(', ')}`
                : 'not sure yet';
    lines.push(`    ${q.id} ${plainText(shown)}${answered(profiled) ? ' (from the council profile)' : ''}`);
  }
  return lines;
}

/** "Score as the file stands: 61.1 / 100, Developing", with the change since the last one shown. */
function scoreLine(now: Assessment | undefined, before: Assessment | undefined): string {
  if (!now) return 'Score: not yet (the file cannot be assessed as it stands).';
  const change = before && before.overall.score !== now.overall.score ? ` (was ${before.overall.score}, ${signed(Math.round((now.overall.score - before.overall.score) * 10) / 10)})` : '';
  return `Score as the file stands: ${now.overall.score} / 100${change}, ${bandShown(now)}; ${now.overall.coverage.pct}% answered or derived.`;
}

const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

/**
 * A summary of facts and answers, with the chance to change any of them, before the report is
 * written. The whole summary is printed once; after a change only the lines that changed, with
 * the score before and after (the whole of it again on request).
 */
async function review(s: Session): Promise<void> {
  let printed: readonly string[] | undefined;
  let scored: Assessment | undefined;
  for (;;) {
    const lines = summary(s);
    if (printed === undefined) s.say(`\n${lines.join('\n')}\n`);
    else {
      const before = new Set(printed);
      const changed = lines.filter((l) => l.startsWith('    ') && !before.has(l));
      if (changed.length > 0) s.say(`\nChanged:\n${changed.join('\n')}\n`);
    }
    const now = draftAssessment(s.draft, s.library, profileOf(s));
    s.say(`\n${scoreLine(now, printed === undefined ? undefined : scored)}\n`);
    // After a change the step that made it has said so already.
    if (printed === undefined) for (const problem of factProblems(s)) s.say(`${problem}\n`);
    printed = lines;
    scored = now;
    // The top recommendations as the file stands: the review offers an action for each.
    const top = topRecommendations(s.draft, s.library, profileOf(s), now);
    const open = withoutAction(s.draft, top);
    if (open.length > 0) s.say(`\nTop recommendations with no action yet: ${open.join(', ')}. "Plan actions" says who will do what about them, by when.\n`);
    const action = await s.prompter.select<string | Back>('Ready to write the report?', [
      { value: 'report', name: 'Write the report' },
      { value: 'question', name: 'Change an answer to a question' },
      { value: 'fact', name: 'Change a fact' },
      ...(top.length > 0 ? [{ value: 'actions', name: `Plan actions for the top ${top.length === 1 ? 'recommendation' : `${top.length} recommendations`}` }] : []),
      { value: 'all', name: 'Show all the facts and answers again' },
      ...(s.trail.length > 0 ? [BACK_CHOICE] : []),
    ]);
    if (action.value === 'report') return;
    if (action.value === 'all') {
      printed = undefined;
      continue;
    }
    if (action.value === BACK) {
      await walk(s, s.trail.pop());
      continue;
    }
    if (action.value === 'actions') {
      await planActions(s.draft, top, s.prompter, s.say);
      continue;
    }
    const all = plan({ ...s, mode: 'all' });
    const listed =
      action.value === 'fact'
        ? all.filter((x) => x.title !== undefined).map((x) => ({ value: x.key, name: plainText(x.title!) }))
        : all.filter((x) => x.key.startsWith('q:')).map((x) => {
            const q = s.library.questions.get(x.key.slice(2))!.question;
            return { value: x.key, name: `${q.id} ${plainText(withLaw(q.prompt, lawNow(s)))}` };
          });
    const chosen = await s.prompter.select<string | Back>(action.value === 'fact' ? 'Which fact?' : 'Which answer?', [...listed, BACK_CHOICE]);
    if (chosen.value === BACK) continue;
    // Ask it, then whatever the change makes wanted (a fact newly needed, a question no longer derived).
    const step = all.find((x) => x.key === chosen.value)!;
    if ((await step.ask(s.trail.length > 0)) === 'back') continue;
    s.asked.add(step.key);
    s.trail.push(step.key);
    await walk(s);
  }
}

/**
 * With no council profile in use: offer to move the answers about the council into a new profile
 * beside the contract, which the contract then names, so other contracts can use the same answers.
 * Never replaces a file. "back": the person wants the review again.
 */
async function offerCouncilProfile(s: Session, reviewed: string): Promise<'done' | 'back'> {
  const answers: Record<string, Answer> = {};
  for (const { question: q } of questionSteps(s.library)) {
    const a = s.draft.answer(q.id);
    if (q.scope === 'council' && answered(a)) answers[q.id] = { value: a.value, ...(a.note ? { note: a.note } : {}), ...(a.evidence ? { evidence: a.evidence } : {}) };
  }
  const ids = Object.keys(answers);
  if (ids.length === 0) return 'done';
  const path = join(dirname(s.draft.path), NEW_COUNCIL_PROFILE);
  const which = `${ids.length === 1 ? 'answer' : 'answers'} about the council (${ids.join(', ')})`;
  if (existsSync(path)) {
    s.say(`\n${plainText(path)} already exists, so your ${which} stay in ${plainText(s.draft.path)}. If it is your council profile, add "council: ${NEW_COUNCIL_PROFILE}" to the contract file (its answers then apply, and yours override them).\n`);
    return 'done';
  }
  s.say(
    `\nYour ${which} hold for every contract of the council. kil can move them into a new council profile, ${plainText(path)}, which ${plainText(basename(s.draft.path))} then names; your other contracts can name it too.\n`,
  );
  const save = await s.prompter.select<boolean | Back>(`Move them to ${plainText(path)}?`, [
    { value: true, name: 'Yes, move them' },
    { value: false, name: `No, keep them in ${plainText(basename(s.draft.path))}` },
    BACK_CHOICE,
  ]);
  if (save.value === BACK) return 'back';
  if (!save.value) return 'done';
  const name = s.draft.get(['procurement', 'buyer', 'name']);
  const text = renderCouncilTemplate(s.library, { reviewed, answers, ...(typeof name === 'string' && name.trim() !== '' ? { name } : {}) });
  if (!createFile(path, text)) {
    s.say(`\n${plainText(path)} appeared meanwhile, so it was not replaced; your ${which} stay in ${plainText(s.draft.path)}.\n`);
    return 'done';
  }
  s.draft.set(['council'], NEW_COUNCIL_PROFILE);
  for (const id of ids) s.draft.delete(['answers', id]);
  s.draft.save();
  s.say(`\nSaved ${plainText(path)}; ${plainText(basename(s.draft.path))} now names it (council: ${NEW_COUNCIL_PROFILE}). Name it in your other contract files, or pass --council ${plainText(path)}.\n`);
  return 'done';
}
