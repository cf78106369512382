/**
 * One contract's line in a portfolio: the figures a batch keeps per contract. Small on
 * purpose, so a batch of 10,000 holds rows, not reports.
 */
import type { Diagnostic } from '../load/diagnostic.js';
import type { Assessment, PointsByBasis } from '../score/result.js';

/** How many of a contract's top recommendations count towards "recurring" in a portfolio. */
export const ROW_RECOMMENDATIONS = 5;

export interface ContractRow {
  path: string;
  title: string;
  buyer: string;
  reference: string | null;
  totalValue: number | null;
  score: number;
  /** The band the score reaches; not meaningful when `provisional` is true. */
  band: string;
  /** Coverage is below the rubric set's line: too little answered for the band to mean anything. */
  provisional: boolean;
  coveragePct: number;
  unanswered: number;
  /** The overall score's points by what they rest on (they add up to `score`). */
  points: PointsByBasis;
  /** The council profile used, if any. */
  council: Assessment['council'];
  areas: { id: string; title: string; score: number | null }[];
  topRecommendations: { questionId: string; areaTitle: string; do: string; points: number }[];
  /** The report's file name in --out-dir, when one is written. */
  report: string | null;
}

export interface FailedFile {
  path: string;
  /** `file:line:col: message` lines. */
  errors: string[];
  /** The same problems with their codes (see README "Diagnostic codes"), for scripts. */
  diagnostics: Diagnostic[];
}

export function contractRow(path: string, a: Assessment, report: string | null = null): ContractRow {
  return {
    path,
    title: a.contract.title,
    buyer: a.contract.buyer,
    reference: a.contract.reference,
    totalValue: a.contract.totalValue,
    score: a.overall.score,
    band: a.overall.band.name,
    provisional: a.overall.provisional,
    coveragePct: a.overall.coverage.pct,
    unanswered: a.overall.coverage.unanswered,
    points: { ...a.overall.points },
    council: a.council,
    areas: a.rubrics.flatMap((r) => r.areas.map((x) => ({ id: x.id, title: x.title, score: x.score }))),
    topRecommendations: a.recommendations
      .slice(0, ROW_RECOMMENDATIONS)
      .map((r) => ({ questionId: r.questionId, areaTitle: r.areaTitle, do: r.do, points: r.points })),
    report,
  };
}
