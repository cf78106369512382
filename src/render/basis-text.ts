/**
 * The words every output uses for what an assessment rests on (evidence) and for a provisional
 * result, so that the report, the summary, the portfolio and the CLI's messages say the same. Pure.
 */
import { PROVISIONAL_BAND, type Assessment } from '../score/result.js';

/** The band as people should read it: the computed band, or "Provisional: too little answered". */
export const bandShown = (a: Assessment): string => (a.overall.provisional ? PROVISIONAL_BAND : a.overall.band.name);

/** "only 25% answered, below the 70% the rubric set needs"; without a set, the line is the rubrics'. */
export function provisionalWords(coveragePct: number, line: number, fromSet: boolean): string {
  return `only ${coveragePct}% answered, below the ${line}% ${fromSet ? 'the rubric set needs' : 'the rubrics need'}`;
}

/** The same for a provisional assessment. */
export const provisionalReason = (a: Assessment): string => provisionalWords(a.overall.coverage.pct, a.overall.provisionalBelow ?? 0, a.rubricSet !== null);

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
