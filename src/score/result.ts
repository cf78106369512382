/**
 * The shape of an assessment: what scoring produces and every renderer reads.
 * These are output types, so they are plain TypeScript rather than zod schemas.
 * The JSON output is this object (see docs/json.md).
 */
import type { ValueBasis } from '../facts/procurement-facts.js';
import type { ActionStatus, ContractType, Nation } from '../model/contract.js';
import type { Band } from '../model/rubric.js';
import type { QuestionType } from '../model/rubric.js';

export type QuestionStatus = 'answered' | 'derived' | 'not-applicable' | 'unanswered';
/** Where a written answer came from: the contract file, or the council profile it uses. */
export type AnswerSource = 'contract' | 'council';

/**
 * What an answer rests on: `derived` from the facts in the file (counts as evidenced),
 * `evidenced` (answered with evidence) or `asserted` (answered without). Null when the question
 * is unanswered or does not apply.
 */
export type QuestionBasis = 'derived' | 'evidenced' | 'asserted';

/** Overall points by what they rest on, to one decimal; the three add up to the overall score. */
export type PointsByBasis = Record<QuestionBasis, number>;

/** How the overall band is shown when too little is answered for it to mean anything. */
export const PROVISIONAL_BAND = 'Provisional: too little answered';
/** The same on a rubric set scored from published facts only: the notices publish too little. */
export const UNPUBLISHED_BAND = 'Provisional: too little published';

/** The band shown when enough is answered but facts were replaced by hand answers. */
export const SELF_REPORTED_BAND = 'Provisional: facts missing';

/** The band as people should read it: the computed band, or "Provisional: too little answered" / "Provisional: facts missing". */
export const bandShown = (a: Assessment): string =>
  !a.overall.provisional ? a.overall.band.name
  : a.overall.toAnswer.length === 0 && a.overall.toSettle.length > 0 ? SELF_REPORTED_BAND
  : a.rubricSet?.scoredFrom === 'published-facts' ? UNPUBLISHED_BAND
  : PROVISIONAL_BAND;

export interface QuestionResult {
  id: string;
  prompt: string;
  type: QuestionType;
  weight: number;
  status: QuestionStatus;
  /** The answer as written or derived (null when unanswered). */
  value: string | number | null;
  /** The answer for people, e.g. "Partly" or "2 – Partial or documented". */
  answerText: string;
  note: string | undefined;
  /** The evidence written with the answer (a document, link or reference), when not blank. */
  evidence: string | undefined;
  basis: QuestionBasis | null;
  /** Where the answer used was written; null when none was (derived, left out by the law, unanswered). */
  source: AnswerSource | null;
  /** How a derived answer was worked out from the facts. */
  derivation: string | undefined;
  /** For a derived question that could not be derived: the facts to add. */
  missingFacts: string[] | undefined;
  /**
   * For a question kil derives from facts but answered by hand because the facts are missing: the
   * facts that would settle it. Facts beat self-report, so such an answer keeps the result provisional.
   */
  factsToSettle: string[] | undefined;
  /**
   * True when the question asks about law that the regime in force never has (a Scottish duty in
   * an English contract): not applicable, and left out of the reports' question tables.
   */
  otherLaw: boolean;
  /** 0-100, or null when the question does not apply. */
  score: number | null;
  /** The fraction of the overall score this question carries (0-1). */
  share: number;
  /** Overall points this question would add if it scored 100. */
  recoverable: number;
  recommendation: { do: string; why: string } | undefined;
}

export interface AreaResult {
  id: string;
  title: string;
  why: string;
  weight: number;
  /** Weighted mean of its questions, or null when none applies. */
  score: number | null;
  questions: QuestionResult[];
}

export interface RubricResult {
  id: string;
  title: string;
  version: string;
  source: string;
  weight: number;
  score: number | null;
  band: Band | null;
  areas: AreaResult[];
}

export interface RankedRecommendation {
  rank: number;
  questionId: string;
  rubricId: string;
  areaId: string;
  areaTitle: string;
  prompt: string;
  answerText: string;
  status: QuestionStatus;
  why: string;
  do: string;
  /** Overall points recovered if this question scored 100. */
  points: number;
}

/** An action from the contract file's plan, with the question it is about. */
export interface PlannedAction {
  questionId: string;
  rubricId: string;
  areaId: string;
  areaTitle: string;
  prompt: string;
  /** What will be done. */
  do: string;
  owner: string;
  /** YYYY-MM-DD, or null when none is given. */
  due: string | null;
  status: ActionStatus;
  note: string | undefined;
  /** Overall points the question would recover if it scored 100 (0 when it scores full marks or does not apply). */
  points: number;
}

export interface Coverage {
  total: number;
  answered: number;
  derived: number;
  notApplicable: number;
  unanswered: number;
  /** Share of the questions that apply which are answered or derived, 0-100. */
  pct: number;
}

export interface Assessment {
  contract: {
    title: string;
    reference: string | null;
    buyer: string;
    service: string | null;
    /** Whole-life value including VAT and extension options: the basis for thresholds. */
    totalValue: number | null;
    /** The value as the file states it (value.amount), before kil adds VAT or extension options. */
    enteredValue: number | null;
    /** What the entered value covers, and what kil added to reach totalValue; null without a value. */
    valueBasis: ValueBasis | null;
    startDate: string | null;
    /** When the procurement starts (the tender goes out): after it, advice is for the contract's management and the re-let. */
    procurementStart: string | null;
    nation: Nation;
    contractType: ContractType;
    /** The CPV codes of what is bought: the service category. */
    cpv: string[];
  };
  /** `scoredFrom`: published-facts for a set scored only from what notices publish (its coverage is how much they publish). */
  rubricSet: { id: string; title: string; version: string; scoredFrom: 'answers-and-facts' | 'published-facts' } | null;
  policy: { id: string; version: string };
  /** The council profile used for the questions about the council: the path as given, its name and review date. */
  council: { path: string; name: string; reviewed: string } | null;
  overall: {
    score: number;
    /** The band the score reaches; not meaningful when `provisional` is true. */
    band: Band;
    /**
     * True when coverage is below `provisionalBelow`, or when an answer kil derives from the facts
     * was given by hand without those facts (`toSettle`): read the band as not yet meaningful.
     */
    provisional: boolean;
    /** The coverage % the rubric set needs for a meaningful band; null when it sets none. */
    provisionalBelow: number | null;
    /**
     * When provisional: the fewest unanswered questions that would lift coverage to the line,
     * those carrying the most weight first. Empty otherwise.
     */
    toAnswer: string[];
    /** Questions answered by hand in place of the facts that settle them, in rubric order. */
    toSettle: string[];
    coverage: Coverage;
    /** The overall score's points by what they rest on; they add up to `score`. */
    points: PointsByBasis;
  };
  rubrics: RubricResult[];
  recommendations: RankedRecommendation[];
  /** The contract file's action plan, most points at stake first. Never changes a score. */
  actions: PlannedAction[];
  unanswered: { id: string; rubricId: string; areaTitle: string; prompt: string; missingFacts?: string[] }[];
  facts: { statements: string[]; duties: { id: string; text: string; source: string; verified: boolean }[] };
}
