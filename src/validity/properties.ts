/**
 * The validity properties: what makes a rubric's score a fair claim about a contract. A rubric
 * (kil's or a council's edit) is valid when, over many generated contracts, no change that makes a
 * contract less local by default raises its score, no change the other way lowers it, and moving
 * a contract to another nation never turns a scored question into a lost point. Pure: the same
 * library, runs and seed give the same results.
 */
import fc from 'fast-check';
import type { RubricLibrary } from '../load/library.js';
import type { Contract } from '../model/contract.js';
import { NationSchema } from '../model/contract.js';
import type { Assessment, QuestionResult } from '../score/result.js';
import { assess } from '../score/score.js';
import { practiceChanges, type ChangedPair } from './changes.js';
import { contractArb } from './contracts.js';

export interface QuestionMove {
  id: string;
  before: string;
  after: string;
}

export interface Counterexample {
  change: string;
  before: Contract;
  after: Contract;
  scoreBefore: number;
  scoreAfter: number;
  /** The questions whose score or status differs, which is where the rubric went wrong. */
  moved: QuestionMove[];
}

export interface PropertyResult {
  id: string;
  claim: string;
  runs: number;
  passed: boolean;
  counterexample?: Counterexample;
  seed: number;
}

export interface CheckOptions {
  runs: number;
  seed: number;
  /** Only these property ids (all when absent). */
  only?: readonly string[];
}

const questionsOf = (a: Assessment): QuestionResult[] => a.rubrics.flatMap((r) => r.areas.flatMap((area) => area.questions));

function shown(q: QuestionResult | undefined): string {
  if (!q) return 'absent';
  if (q.status === 'not-applicable') return 'not applicable';
  if (q.status === 'unanswered') return 'unanswered (0)';
  return `${q.answerText} (${q.score})`;
}

export function questionMoves(before: Assessment, after: Assessment): QuestionMove[] {
  const later = new Map(questionsOf(after).map((q) => [q.id, q]));
  return questionsOf(before).flatMap((q) => {
    const a = later.get(q.id);
    return a && a.status === q.status && a.score === q.score && a.value === q.value ? [] : [{ id: q.id, before: shown(q), after: shown(a) }];
  });
}

/**
 * What breaks the property for a pair, as the questions that moved wrongly; null when it holds.
 * The pair is assessed once here, and again only for a counterexample.
 */
type Problem = (before: Assessment, after: Assessment, pair: ChangedPair) => QuestionMove[] | null;

/** Run one property; fast-check shrinks a failure to a small counterexample. */
function checkProperty(library: RubricLibrary, id: string, claim: string, pairs: fc.Arbitrary<ChangedPair>, problem: Problem, options: CheckOptions): PropertyResult {
  const problemOf = (pair: ChangedPair) => {
    const before = assess(library, pair.before);
    const after = assess(library, pair.after);
    return { before, after, moved: problem(before, after, pair) };
  };
  const outcome = fc.check(fc.property(pairs, (pair) => problemOf(pair).moved === null), { numRuns: options.runs, seed: options.seed });
  const result: PropertyResult = { id, claim, runs: outcome.numRuns, passed: !outcome.failed, seed: options.seed };
  if (outcome.failed && outcome.counterexample) {
    const pair = outcome.counterexample[0];
    const { before, after, moved } = problemOf(pair);
    result.counterexample = { change: pair.change, before: pair.before, after: pair.after, scoreBefore: before.overall.score, scoreAfter: after.overall.score, moved: moved ?? [] };
  }
  return result;
}

/** The score moves the wrong way: the worse of the two scores higher. */
const scoreMovesWrongly: Problem = (before, after, pair) => {
  const [b, a] = [before.overall.score, after.overall.score];
  return (pair.better === 'before' ? a <= b : a >= b) ? null : questionMoves(before, after);
};

const NATION_ID = 'another-nation';
const NATION_CLAIM = 'the same contract in another nation loses no points for missing data: a question scored in one is never left unanswered in the other';

/**
 * The same contract in another nation: a question scored under one nation's law is never a lost
 * point (unanswered, 0) under another's. Where kil lacks data, the question does not apply.
 */
function nationPairs(library: RubricLibrary): fc.Arbitrary<ChangedPair> {
  return fc.tuple(contractArb(library), fc.constantFrom(...NationSchema.options)).map(([c, nation]) => {
    const after = structuredClone(c);
    after.procurement.buyer.nation = nation;
    return { before: c, after, change: `nation ${c.procurement.buyer.nation} → ${nation}`, better: 'before' as const };
  });
}

const pointsLost: Problem = (before, after) => {
  const answeredBefore = new Set(questionsOf(before).filter((q) => q.status === 'answered' || q.status === 'derived').map((q) => q.id));
  const lostIds = new Set(questionsOf(after).filter((q) => q.status === 'unanswered' && answeredBefore.has(q.id)).map((q) => q.id));
  return lostIds.size === 0 ? null : questionMoves(before, after).filter((m) => lostIds.has(m.id));
};

export interface PropertyInfo {
  id: string;
  claim: string;
}

/** The properties by id and claim, for help texts and --only. */
export function propertyList(): PropertyInfo[] {
  return [...practiceChanges().map((c) => ({ id: c.id, claim: c.claim })), { id: NATION_ID, claim: NATION_CLAIM }];
}

export function checkRubricProperties(library: RubricLibrary, options: CheckOptions): PropertyResult[] {
  const wanted = (id: string) => !options.only || options.only.includes(id);
  const results = practiceChanges()
    .filter((c) => wanted(c.id))
    .map((c) => checkProperty(library, c.id, c.claim, c.pairs(library), scoreMovesWrongly, options));
  if (wanted(NATION_ID)) results.push(checkProperty(library, NATION_ID, NATION_CLAIM, nationPairs(library), pointsLost, options));
  return results;
}
