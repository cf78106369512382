/**
 * The words every output uses for what an assessment rests on (evidence) and for a provisional
 * result, so that the report, the summary, the portfolio and the CLI's messages say the same. Pure.
 */
import type { Assessment } from '../score/result.js';

export { bandShown, SELF_REPORTED_BAND } from '../score/result.js';

/** "only 25% answered, below the 70% the rubric set needs"; without a set, the line is the rubrics'. */
export function provisionalWords(coveragePct: number, line: number, fromSet: boolean, published = false): string {
  return `only ${coveragePct}% ${published ? 'published in the notices' : 'answered'}, below the ${line}% ${fromSet ? 'the rubric set needs' : 'the rubrics need'}`;
}

/** "S4.2 and P4.1 are answered by hand, not derived from the facts that settle them" */
export function selfReportedWords(ids: readonly string[]): string {
  const list = ids.length === 1 ? ids[0]! : `${ids.slice(0, -1).join(', ')} and ${ids.at(-1)!}`;
  return `${list} ${ids.length === 1 ? 'is' : 'are'} answered by hand, not derived from the facts that settle ${ids.length === 1 ? 'it' : 'them'}`;
}

/** The same for a provisional assessment: too little answered, or facts replaced by self-report (or both). */
export function provisionalReason(a: Assessment): string {
  const o = a.overall;
  const line = o.provisionalBelow ?? 0;
  const reasons = [
    ...(o.toAnswer.length > 0 || (o.provisionalBelow !== null && o.coverage.pct < line) ? [provisionalWords(o.coverage.pct, line, a.rubricSet !== null, a.rubricSet?.scoredFrom === 'published-facts')] : []),
    ...(o.toSettle.length > 0 ? [selfReportedWords(o.toSettle)] : []),
  ];
  return reasons.join('; and ');
}

/** What --fail-under says of a provisional result, in assess and in batch. */
export const FAIL_UNDER_PROVISIONAL = '--fail-under cannot pass a provisional result';

/** "31 of 59 points are self-reported without evidence" */
export function assertedSentence(a: Assessment): string {
  return `${a.overall.points.asserted} of ${a.overall.score} points are self-reported without evidence`;
}

/** "10 rest on answers with evidence and 18 are derived from the procurement facts" */
export function restSentence(a: Assessment): string {
  const p = a.overall.points;
  return `${p.evidenced} rest on answers with evidence and ${p.derived} are derived from the procurement facts`;
}
