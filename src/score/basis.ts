/**
 * What an assessment rests on: each answer's basis (derived, evidenced or asserted), the overall
 * points split by basis, and whether too little is answered for the band to mean anything. Pure.
 */
import type { Coverage, PointsByBasis, QuestionBasis, QuestionResult, QuestionStatus } from './result.js';

const BASES: readonly QuestionBasis[] = ['asserted', 'evidenced', 'derived'];

/** Derived answers count as evidenced; a written answer is evidenced only with non-blank evidence. */
export function basisOf(status: QuestionStatus, evidence: string | undefined): QuestionBasis | null {
  if (status === 'derived') return 'derived';
  if (status !== 'answered') return null;
  return evidence === undefined ? 'asserted' : 'evidenced';
}

/**
 * Splits `total` (published to one decimal) into whole tenths in proportion to `exact`, by the
 * largest remainder: each part is its exact value rounded down or up by less than a tenth, and
 * the parts add up to `total` exactly, so no published figure disagrees with another.
 */
export function apportionTenths(exact: readonly number[], total: number): number[] {
  const tenths = exact.map((x) => Math.max(0, x * 10));
  const parts = tenths.map(Math.floor);
  // The exact parts add up to the exact total, so at most one tenth per part is left to give
  // (never a negative amount: the floors cannot add up to more than the rounded total).
  let left = Math.round(total * 10) - parts.reduce((s, p) => s + p, 0);
  const byRemainder = tenths.map((t, i) => ({ i, r: t - Math.floor(t) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    parts[i]! += 1;
    left--;
  }
  return parts.map((p) => p / 10);
}

/**
 * Each question adds share × score to the overall score, so the points resting on each basis are
 * those products summed; they add up to the exact overall score. Published: split in tenths that
 * add up to the published overall score.
 */
export function pointsByBasis(questions: readonly QuestionResult[], overallScore: number): PointsByBasis {
  const exact = BASES.map((b) => questions.reduce((s, q) => (q.basis === b && q.score !== null ? s + q.share * q.score : s), 0));
  const [asserted, evidenced, derived] = apportionTenths(exact, overallScore) as [number, number, number];
  return { asserted, evidenced, derived };
}

/**
 * Whether coverage is below the line and, if so, the fewest unanswered questions that would lift
 * it to the line (as coverage is published, to one decimal), those with the largest share first.
 */
export function provisionalOf(
  questions: readonly QuestionResult[],
  coverage: Coverage,
  line: number | undefined,
  round1: (n: number) => number,
): { provisional: boolean; toAnswer: string[] } {
  if (line === undefined || coverage.pct >= line) return { provisional: false, toAnswer: [] };
  const applicable = coverage.total - coverage.notApplicable;
  const covered = applicable - coverage.unanswered;
  let needed = 0;
  while (needed < coverage.unanswered && round1(((covered + needed) / applicable) * 100) < line) needed++;
  const open = questions.map((q, order) => ({ q, order })).filter(({ q }) => q.status === 'unanswered');
  open.sort((a, b) => b.q.share - a.q.share || a.order - b.order);
  return { provisional: true, toAnswer: open.slice(0, needed).map(({ q }) => q.id) };
}
