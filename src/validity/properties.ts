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

/** Run one property; fast-check shrinks a failure to a small counterexample. */
function checkPairs(library: RubricLibrary, id: string, claim: string, pairs: fc.Arbitrary<ChangedPair>, options: CheckOptions): PropertyResult {
  const holds = (pair: ChangedPair): boolean => {
    const before = assess(library, pair.before).overall.score;
    const after = assess(library, pair.after).overall.score;
    return pair.better === 'before' ? after <= before : after >= before;
  };
  const outcome = fc.check(fc.property(pairs, holds), { numRuns: options.runs, seed: options.seed });
  const result: PropertyResult = { id, claim, runs: outcome.numRuns, passed: !outcome.failed, seed: options.seed };
  if (outcome.failed && outcome.counterexample) {
    const pair = outcome.counterexample[0];
    const a = assess(library, pair.before);
    const b = assess(library, pair.after);
    result.counterexample = { change: pair.change, before: pair.before, after: pair.after, scoreBefore: a.overall.score, scoreAfter: b.overall.score, moved: questionMoves(a, b) };
  }
  return result;
}

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

function checkNations(library: RubricLibrary, options: CheckOptions): PropertyResult {
  const id = 'another-nation';
  const claim = 'the same contract in another nation loses no points for missing data: a question scored in one is never left unanswered in the other';
  const lost = (pair: ChangedPair): QuestionMove[] => {
    const a = assess(library, pair.before);
    const b = assess(library, pair.after);
    const answeredBefore = new Set(questionsOf(a).filter((q) => q.status === 'answered' || q.status === 'derived').map((q) => q.id));
    const lostIds = new Set(questionsOf(b).filter((q) => q.status === 'unanswered' && answeredBefore.has(q.id)).map((q) => q.id));
    return questionMoves(a, b).filter((m) => lostIds.has(m.id));
  };
  const outcome = fc.check(fc.property(nationPairs(library), (pair) => lost(pair).length === 0), { numRuns: options.runs, seed: options.seed });
  const result: PropertyResult = { id, claim, runs: outcome.numRuns, passed: !outcome.failed, seed: options.seed };
  if (outcome.failed && outcome.counterexample) {
    const pair = outcome.counterexample[0];
    result.counterexample = {
      change: pair.change,
      before: pair.before,
      after: pair.after,
      scoreBefore: assess(library, pair.before).overall.score,
      scoreAfter: assess(library, pair.after).overall.score,
      moved: lost(pair),
    };
  }
  return result;
}

export interface PropertyInfo {
  id: string;
  claim: string;
}

/** The properties by id and claim, for help texts and --only. */
export function propertyList(): PropertyInfo[] {
  return [...practiceChanges().map((c) => ({ id: c.id, claim: c.claim })), { id: 'another-nation', claim: 'the same contract in another nation loses no points for missing data' }];
}

export function checkRubricProperties(library: RubricLibrary, options: CheckOptions): PropertyResult[] {
  const wanted = (id: string) => !options.only || options.only.includes(id);
  const results = practiceChanges()
    .filter((c) => wanted(c.id))
    .map((c) => checkPairs(library, c.id, c.claim, c.pairs(library), options));
  if (wanted('another-nation')) results.push(checkNations(library, options));
  return results;
}
