/**
 * Comparing two assessments of the same procurement (before and after a revision): the overall
 * and per-area change, each question whose answer or score changed, the recommendations resolved
 * and the new ones. Pure and deterministic.
 *
 * Rubric versions may differ: only questions present in both (same id) are compared; the rest
 * are listed as retired or new, and an area whose question set changed is flagged, since its
 * score is then not like for like.
 */
import type { ComparableResult, ResultQuestion } from './result-schema.js';

/** One assessment to compare: where it came from and when it was made. */
export interface ComparedSide {
  /** The file it was read from, as given. */
  label: string;
  /** YYYY-MM-DD. */
  assessedOn: string;
  result: ComparableResult;
}

export interface SideSummary {
  label: string;
  assessedOn: string;
  title: string;
  reference: string | null;
  buyer: string;
  score: number;
  band: string;
  provisional: boolean;
  coveragePct: number;
  /** The coverage % below which a result is provisional; null when the rubrics set none. */
  provisionalBelow: number | null;
  unanswered: number;
  rubrics: { id: string; version: string }[];
  rubricSet: { id: string; version: string } | null;
  policy: { id: string; version: string };
}

export interface AreaChange {
  id: string;
  title: string;
  before: number | null;
  after: number | null;
  /** After less before; null when either does not apply (or the area is in one only). */
  change: number | null;
  /** The area's questions differ between the two (rubric versions): its scores are not like for like. */
  questionsChanged: boolean;
  /** The area is in one result only. */
  only: 'before' | 'after' | null;
}

export interface AnswerState {
  status: ResultQuestion['status'];
  value: string | number | null;
  answerText: string;
  score: number | null;
}

export interface QuestionChange {
  id: string;
  areaId: string;
  areaTitle: string;
  prompt: string;
  before: AnswerState;
  after: AnswerState;
  /** Overall points the question adds after, less before (its share times its score). */
  points: number;
}

export interface RecommendationChange {
  questionId: string;
  areaTitle: string;
  do: string;
  points: number;
}

export interface Comparison {
  before: SideSummary;
  after: SideSummary;
  /** Why the two look like different procurements (different reference, title); empty when they look the same. */
  differences: string[];
  /** Rubrics whose version differs, or that are in one result only. */
  rubricChanges: { id: string; before: string | null; after: string | null }[];
  overall: { before: number; after: number; change: number };
  /** The overall score fell. */
  fell: boolean;
  /**
   * Of the overall change, the points that come from questions answered on one side and not the
   * other: what coverage, not the design, moved. 0 when coverage did not change.
   */
  fromCoverage: number;
  areas: AreaChange[];
  /** Questions in both whose answer, status or score changed, in rubric order. */
  questions: QuestionChange[];
  /** Questions in the before result only (retired by a later rubric), and in the after result only (new). */
  retiredQuestions: { id: string; prompt: string }[];
  newQuestions: { id: string; prompt: string }[];
  /** Recommendations before that are gone after, and new ones; questions in both only. */
  resolved: RecommendationChange[];
  added: RecommendationChange[];
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
/** Differences of published one-decimal figures, without float dust (0.1 + 0.2). */
const diff = (after: number, before: number): number => round1(after - before);

function summary(side: ComparedSide): SideSummary {
  const r = side.result;
  return {
    label: side.label,
    assessedOn: side.assessedOn,
    title: r.contract.title,
    reference: r.contract.reference,
    buyer: r.contract.buyer,
    score: r.overall.score,
    band: r.overall.band.name,
    provisional: r.overall.provisional,
    coveragePct: r.overall.coverage.pct,
    provisionalBelow: r.overall.provisionalBelow,
    unanswered: r.overall.coverage.unanswered,
    rubrics: r.rubrics.map((x) => ({ id: x.id, version: x.version })),
    rubricSet: r.rubricSet ? { id: r.rubricSet.id, version: r.rubricSet.version } : null,
    policy: { id: r.policy.id, version: r.policy.version },
  };
}

/** Why two results look like different procurements. Titles are compared as people read them. */
export function procurementDifferences(before: SideSummary, after: SideSummary): string[] {
  const out: string[] = [];
  if (before.reference !== null && after.reference !== null && before.reference !== after.reference) {
    out.push(`the reference is ${JSON.stringify(before.reference)} before and ${JSON.stringify(after.reference)} after`);
  }
  const title = (t: string) => t.trim().replace(/\s+/g, ' ').toLowerCase();
  if (title(before.title) !== title(after.title)) out.push(`the title is ${JSON.stringify(before.title)} before and ${JSON.stringify(after.title)} after`);
  if (title(before.buyer) !== title(after.buyer)) out.push(`the buyer is ${JSON.stringify(before.buyer)} before and ${JSON.stringify(after.buyer)} after`);
  return out;
}

interface Located {
  q: ResultQuestion;
  areaId: string;
  areaTitle: string;
}

function questionsOf(r: ComparableResult): Map<string, Located> {
  const out = new Map<string, Located>();
  for (const rubric of r.rubrics) for (const area of rubric.areas) for (const q of area.questions) out.set(q.id, { q, areaId: area.id, areaTitle: area.title });
  return out;
}

const state = (q: ResultQuestion): AnswerState => ({ status: q.status, value: q.value, answerText: q.answerText, score: q.score });
/** A question's points in the overall score: its share times its score. */
const pointsOf = (q: ResultQuestion): number => q.share * (q.score ?? 0);

function areaChanges(before: ComparableResult, after: ComparableResult): AreaChange[] {
  const areasOf = (r: ComparableResult) => new Map(r.rubrics.flatMap((x) => x.areas.map((a) => [a.id, a] as const)));
  const was = areasOf(before);
  const now = areasOf(after);
  const ids = (a: { questions: { id: string }[] }) => a.questions.map((q) => q.id).sort().join('\n');
  const out: AreaChange[] = [];
  // After's order first (the current rubrics), then areas the after result no longer has.
  for (const [id, a] of now) {
    const b = was.get(id);
    out.push({
      id,
      title: a.title,
      before: b ? b.score : null,
      after: a.score,
      change: b && b.score !== null && a.score !== null ? diff(a.score, b.score) : null,
      questionsChanged: b !== undefined && ids(a) !== ids(b),
      only: b ? null : 'after',
    });
  }
  for (const [id, b] of was) if (!now.has(id)) out.push({ id, title: b.title, before: b.score, after: null, change: null, questionsChanged: false, only: 'before' });
  return out;
}

function recommendationChanges(before: ComparableResult, after: ComparableResult, inBoth: (id: string) => boolean): { resolved: RecommendationChange[]; added: RecommendationChange[] } {
  const pick = (r: ComparableResult['recommendations'][number]): RecommendationChange => ({ questionId: r.questionId, areaTitle: r.areaTitle, do: r.do, points: r.points });
  const was = new Set(before.recommendations.map((r) => r.questionId));
  const now = new Set(after.recommendations.map((r) => r.questionId));
  return {
    resolved: before.recommendations.filter((r) => inBoth(r.questionId) && !now.has(r.questionId)).map(pick),
    added: after.recommendations.filter((r) => inBoth(r.questionId) && !was.has(r.questionId)).map(pick),
  };
}

export function compareResults(beforeSide: ComparedSide, afterSide: ComparedSide): Comparison {
  const before = beforeSide.result;
  const after = afterSide.result;
  const was = questionsOf(before);
  const now = questionsOf(after);

  const questions: QuestionChange[] = [];
  let fromCoverage = 0;
  for (const [id, n] of now) {
    const w = was.get(id);
    if (!w) continue;
    const changed = w.q.status !== n.q.status || w.q.value !== n.q.value || w.q.score !== n.q.score;
    if (!changed) continue;
    const points = pointsOf(n.q) - pointsOf(w.q);
    if ((w.q.status === 'unanswered') !== (n.q.status === 'unanswered')) fromCoverage += points;
    questions.push({ id, areaId: n.areaId, areaTitle: n.areaTitle, prompt: n.q.prompt, before: state(w.q), after: state(n.q), points: round1(points) });
  }

  const versions = (r: ComparableResult) => new Map(r.rubrics.map((x) => [x.id, x.version] as const));
  const vb = versions(before);
  const va = versions(after);
  const rubricChanges = [...new Set([...va.keys(), ...vb.keys()])]
    .filter((id) => vb.get(id) !== va.get(id))
    .map((id) => ({ id, before: vb.get(id) ?? null, after: va.get(id) ?? null }));

  const b = summary(beforeSide);
  const a = summary(afterSide);
  return {
    before: b,
    after: a,
    differences: procurementDifferences(b, a),
    rubricChanges,
    overall: { before: b.score, after: a.score, change: diff(a.score, b.score) },
    fell: a.score < b.score,
    fromCoverage: round1(fromCoverage),
    areas: areaChanges(before, after),
    questions,
    retiredQuestions: [...was.values()].filter((x) => !now.has(x.q.id)).map((x) => ({ id: x.q.id, prompt: x.q.prompt })),
    newQuestions: [...now.values()].filter((x) => !was.has(x.q.id)).map((x) => ({ id: x.q.id, prompt: x.q.prompt })),
    ...recommendationChanges(before, after, (id) => was.has(id) && now.has(id)),
  };
}
