/**
 * A validated rubric folder, ready for scoring. Kept apart from the loader so that code which
 * only uses a library (scoring, the start-up snapshot) does not load the rubric schemas.
 */
import type { Policy } from '../model/policy.js';
import type { RubricSet } from '../model/rubric-set.js';
import type { Area, Band, Question, Rubric } from '../model/rubric.js';

export interface QuestionRef {
  rubric: Rubric;
  area: Area;
  question: Question;
}

export interface RubricLibrary {
  rubrics: { rubric: Rubric; weight: number }[];
  set: RubricSet | undefined;
  /** The bands the overall score uses. */
  bands: Band[];
  /**
   * The coverage (0-100) below which the overall result is provisional: the rubric set's
   * provisional_below_coverage or, without a set, the rubrics'. Undefined: never provisional.
   */
  provisionalBelow: number | undefined;
  /** What the rubrics are scored from (the rubric set's `scored_from`). */
  scoredFrom: 'answers-and-facts' | 'published-facts';
  policy: Policy;
  questions: Map<string, QuestionRef>;
}

/** The library as plain data (JSON-safe), e.g. for a build-time snapshot. */
export type LibraryData = Omit<RubricLibrary, 'questions'>;

/** Index the questions by id; the loader has already checked that ids are unique. */
export function assembleLibrary(data: LibraryData): RubricLibrary {
  const questions = new Map<string, QuestionRef>();
  for (const { rubric } of data.rubrics) for (const area of rubric.areas) for (const question of area.questions) questions.set(question.id, { rubric, area, question });
  return { ...data, questions };
}
