/** The rubric questions as interview steps: where each sits, and the answers it offers. Pure. */
import { NOT_APPLICABLE } from '../load/contract.js';
import type { QuestionRef, RubricLibrary } from '../load/library.js';
import type { Question } from '../model/rubric.js';
import type { Choice } from './fields.js';

export interface QuestionStep extends QuestionRef {
  /** "Step 2: Demonstrate social value (2 of 5) · question 3 of 4" */
  position: string;
}

export function questionSteps(library: RubricLibrary): QuestionStep[] {
  return library.rubrics.flatMap(({ rubric }) =>
    rubric.areas.flatMap((area) =>
      area.questions.map((question, qi) => ({ rubric, area, question, position: positionOf({ rubric, area }, qi + 1, area.questions.length) })),
    ),
  );
}

/** "Step 2: Demonstrate social value (2 of 5) · question 3 of 4": the area in its rubric, the question among `of`. */
export function positionOf(where: Pick<QuestionRef, 'rubric' | 'area'>, n: number, of: number): string {
  const { rubric, area } = where;
  return `${area.title} (${rubric.areas.indexOf(area) + 1} of ${rubric.areas.length}) · question ${n} of ${of}`;
}

/** The answers a choice-like question offers, with n/a where the rubric allows it. */
export function answerChoices(q: Question): Choice[] {
  const na: Choice[] = q.not_applicable ? [{ value: NOT_APPLICABLE, name: `Not applicable: ${q.not_applicable}` }] : [];
  switch (q.type) {
    case 'yes_no':
      return [{ value: 'yes', name: 'Yes' }, { value: 'partly', name: 'Partly' }, { value: 'no', name: 'No' }, ...na];
    case 'maturity':
      return [...q.levels.map((d, level) => ({ value: level, name: `${level} – ${d}` })), ...na];
    case 'choice':
      return [...q.options.map((o) => ({ value: o.value, name: o.label })), ...na];
    case 'number':
      return na;
  }
}
