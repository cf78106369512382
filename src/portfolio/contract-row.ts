/**
 * One contract's line in a portfolio: the figures a batch keeps per contract. Small on
 * purpose, so a batch of 10,000 holds rows, not reports.
 */
import type { Diagnostic } from '../load/diagnostic.js';
import type { ActionStatus } from '../model/contract.js';
import { isOverdue } from '../score/action-plan.js';
import { bandShown, type Assessment, type PointsByBasis } from '../score/result.js';

/** How many of a contract's top recommendations count towards "recurring" in a portfolio. */
export const ROW_RECOMMENDATIONS = 5;

export interface ContractRow {
  path: string;
  title: string;
  buyer: string;
  reference: string | null;
  nation: Assessment['contract']['nation'];
  contractType: Assessment['contract']['contractType'];
  service: string | null;
  cpv: string[];
  procurementStart: string | null;
  startDate: string | null;
  totalValue: number | null;
  score: number;
  /** The band the score reaches; not meaningful when `provisional` is true. */
  band: string;
  /** The band as people should read it: the band, or "Provisional: too little answered" / "Provisional: facts missing". */
  bandShown: string;
  /** Coverage is below the rubric set's line: too little answered for the band to mean anything. */
  provisional: boolean;
  coveragePct: number;
  unanswered: number;
  /** The overall score's points by what they rest on (they add up to `score`). */
  points: PointsByBasis;
  /** The council profile used, if any. */
  council: Assessment['council'];
  areas: { id: string; title: string; score: number | null }[];
  /** `hasAction`: the contract file's action plan has an action for the question. */
  topRecommendations: { questionId: string; areaTitle: string; do: string; points: number; hasAction: boolean }[];
  /** The contract file's action plan; `overdue` on the assessment date. */
  actions: RowAction[];
  /** The report's file name in --out-dir, when one is written. */
  report: string | null;
}

export interface RowAction {
  questionId: string;
  areaTitle: string;
  do: string;
  owner: string;
  due: string | null;
  status: ActionStatus;
  overdue: boolean;
  points: number;
}

export interface FailedFile {
  path: string;
  /** `file:line:col: message` lines. */
  errors: string[];
  /** The same problems with their codes (see docs/commands.md "Diagnostic codes"), for scripts. */
  diagnostics: Diagnostic[];
}

/**
 * `date`: the assessment date, on which an action is overdue or not (a row made without one marks
 * no action overdue; kil batch always gives it).
 */
export function contractRow(path: string, a: Assessment, report: string | null = null, date?: string): ContractRow {
  const planned = new Set(a.actions.map((x) => x.questionId));
  return {
    path,
    title: a.contract.title,
    buyer: a.contract.buyer,
    reference: a.contract.reference,
    nation: a.contract.nation,
    contractType: a.contract.contractType,
    service: a.contract.service,
    cpv: a.contract.cpv,
    procurementStart: a.contract.procurementStart,
    startDate: a.contract.startDate,
    totalValue: a.contract.totalValue,
    score: a.overall.score,
    band: a.overall.band.name,
    bandShown: bandShown(a),
    provisional: a.overall.provisional,
    coveragePct: a.overall.coverage.pct,
    unanswered: a.overall.coverage.unanswered,
    points: { ...a.overall.points },
    council: a.council,
    areas: a.rubrics.flatMap((r) => r.areas.map((x) => ({ id: x.id, title: x.title, score: x.score }))),
    topRecommendations: a.recommendations
      .slice(0, ROW_RECOMMENDATIONS)
      .map((r) => ({ questionId: r.questionId, areaTitle: r.areaTitle, do: r.do, points: r.points, hasAction: planned.has(r.questionId) })),
    actions: a.actions.map((x) => ({
      questionId: x.questionId,
      areaTitle: x.areaTitle,
      do: x.do,
      owner: x.owner,
      due: x.due,
      status: x.status,
      overdue: date !== undefined && isOverdue(x, date),
      points: x.points,
    })),
    report,
  };
}
