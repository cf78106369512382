/**
 * The interview's shared state and small steps: the session, what a step is, the choices every
 * prompt offers, and the facts as they stand (threshold position, lots that do not add up). Used
 * by the walk (interview.ts) and the lot steps (lots.ts).
 */
import { RESERVATION_FEATURE } from '../../facts/catalogue.js';
import { deriveProcurementFacts, lotsMismatch, lotsMismatchWords, type ProcurementFacts } from '../../facts/procurement-facts.js';
import type { FieldPath } from '../../interview/fields.js';
import type { RubricLibrary } from '../../load/library.js';
import { ProcurementSchema, type Procurement } from '../../model/contract.js';
import type { AppliedCouncil } from '../../model/council.js';
import type { Question } from '../../model/rubric.js';
import type { Draft } from './draft.js';
import { BACK, type Back, type Prompter } from './prompter.js';

/** The value of "Not sure yet": the question or fact stays unanswered. */
export const NOT_SURE = Symbol('not sure yet');

export const NOT_SURE_CHOICE = { value: NOT_SURE, name: 'Not sure yet (leave it unanswered)' } as const;

export const BACK_CHOICE = { value: BACK, name: '← Back (or type <)' } as const;

/**
 * What the interview goes through: "missing" asks only what the file leaves unanswered; "all"
 * asks every fact and question again with the file's answers as defaults; "facts" and
 * "questions" ask all of one and what is missing of the other.
 */
export type InterviewMode = 'missing' | 'all' | 'facts' | 'questions';

export interface InterviewOptions {
  library: RubricLibrary;
  draft: Draft;
  prompter: Prompter;
  /** Progress and explanations for the person (stderr). */
  say: (text: string) => void;
  mode: InterviewMode;
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

export type Outcome = 'done' | 'back';

/** One prompt of the interview. */
export interface Step {
  key: string;
  /** Whether walking forward asks it (a step already asked in this session never is, unless gone back over). */
  wanted: boolean;
  /** How the review lists it, for a fact: "The estimated value: Estimated value — £1,800,000". */
  title?: string;
  ask(canGoBack: boolean): Promise<Outcome>;
}

/** The interview as it goes: options, and what has been asked in this session. */
export interface Session extends InterviewOptions {
  /** Steps answered in this session, in order: where `<` goes back to. */
  trail: string[];
  /** Steps answered at least once in this session: walking forward does not ask them again. */
  asked: Set<string>;
  /** Steps gone back over: walking forward asks them again, with their answers as defaults. */
  redo: Set<string>;
  /** Facts kil filled in because others settle them (value.includes_extensions with no extensions). */
  settledByKil: Set<string>;
  said: Set<string>;
  /** The rubric whose title was said last. */
  rubricShown?: string;
}

/** Say something once per session (the key explanations). */
export function sayOnce(s: Session, key: string, text: string): void {
  if (s.said.has(key)) return;
  s.said.add(key);
  s.say(text);
}

/** The profile in use, if any. */
export const profileOf = (o: InterviewOptions): AppliedCouncil | undefined => (o.council && 'profile' in o.council ? o.council.profile : undefined);

/** A question the council profile answers for this interview: about the council, with a profile in use. */
export const fromProfile = (o: InterviewOptions, q: Question): boolean => q.scope === 'council' && profileOf(o) !== undefined;

export const proc = (path: readonly (string | number)[]) => ['procurement', ...path];

export const same = (a: FieldPath, b: FieldPath) => a.join('.') === b.join('.');

export const asksAllFacts = (s: Session) => s.mode === 'all' || s.mode === 'facts';

export const asksAllQuestions = (s: Session) => s.mode === 'all' || s.mode === 'questions';

/** The answer typed as the default when a step is asked again. */
export function defaultText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return Array.isArray(v) ? v.join(', ') : String(v);
}

/** `<` or "back" at a text prompt: go back. */
export const isBack = (text: string): boolean => ['<', 'back'].includes(text.trim().toLowerCase());

export function yesNoStep(s: Session, key: string, path: FieldPath, message: string, title: string): Step {
  const current = s.draft.get(proc(path));
  return {
    key,
    wanted: asksAllFacts(s) || current === undefined,
    title: `${title} — ${current === undefined ? 'not given' : current ? 'yes' : 'no'}`,
    ask: async (canGoBack) => {
      const picked = await s.prompter.select<boolean | typeof NOT_SURE | Back>(
        message,
        [{ value: true, name: 'Yes' }, { value: false, name: 'No' }, NOT_SURE_CHOICE, ...(canGoBack ? [BACK_CHOICE] : [])],
        // Unanswered: Enter leaves it so ("Not sure yet"), never a "Yes" the person did not choose.
        { default: typeof current === 'boolean' ? current : NOT_SURE },
      );
      if (picked.value === BACK) return 'back';
      if (picked.value === NOT_SURE) s.draft.delete(proc(path));
      else s.draft.set(proc(path), picked.value);
      s.draft.save();
      return 'done';
    },
  };
}

/** What the facts given so far settle (threshold, law), once the required facts are there. */
export function factsSoFar(o: Pick<InterviewOptions, 'draft' | 'library'>): ProcurementFacts | undefined {
  const parsed = ProcurementSchema.safeParse(o.draft.get(['procurement']));
  return parsed.success ? deriveProcurementFacts(parsed.data, o.library.policy) : undefined;
}

/** Whether the facts given so far put the contract at or above its threshold (undefined: not known). */
export function thresholdPosition(s: Session): boolean | undefined {
  return factsSoFar(s)?.aboveThreshold;
}

export const aboveThreshold = (s: Session): boolean => thresholdPosition(s) === true;

/**
 * Whether the law for the facts given so far lets this buyer reserve the competition (false: it
 * does not, so kil does not ask; undefined: not known yet). A Welsh council was asked, and its
 * answer then dropped without a word.
 */
export function mayReserve(s: Session): boolean | undefined {
  const facts = factsSoFar(s);
  return facts ? (facts.regime?.features.has(RESERVATION_FEATURE) ?? false) : undefined;
}

/** Whether the facts show the contract below its threshold. */
export const belowKnown = (s: Session): boolean => thresholdPosition(s) === false;

/** What the review says is wrong with the facts as they stand now (lots that no longer add up to the value). */
export function factProblems(s: Session): string[] {
  const p = s.draft.get(['procurement']);
  if (p === null || typeof p !== 'object') return [];
  const mismatch = lotsMismatch(p as Pick<Procurement, 'lots' | 'value'>);
  return mismatch ? [`Check: ${lotsMismatchWords(mismatch)}. Change a lot's value or the value ("Change a fact").`] : [];
}

/** Whether an answer as written has a value ("not sure yet" has none). */
export function answered(a: { value: unknown } | undefined): a is { value: string | number; note?: string; evidence?: string } {
  return a !== undefined && a.value !== null && a.value !== undefined;
}
