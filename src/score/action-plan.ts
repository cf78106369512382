/**
 * The action plan: each action in the contract file with its question and the overall points
 * that question would recover (the same figure its recommendation is ranked by). Pure. Actions
 * record intent; scores come only from the answers.
 */
import type { Action } from '../model/contract.js';
import type { PlannedAction, QuestionResult } from './result.js';

/** Where a question sits, for an action about it. */
export interface QuestionPlace {
  rubricId: string;
  areaId: string;
  areaTitle: string;
  q: QuestionResult;
}

/**
 * The file's actions, most points at stake first, ties in rubric order. An action for a question
 * no rubric has (a retired one: the loader warns) is left out. `questions` is in rubric order,
 * with `recoverable` already rounded as published.
 */
export function planActions(actions: Readonly<Record<string, Action>> | undefined, questions: readonly QuestionPlace[]): PlannedAction[] {
  if (!actions) return [];
  const planned: { order: number; action: PlannedAction }[] = [];
  questions.forEach(({ rubricId, areaId, areaTitle, q }, order) => {
    const a = Object.hasOwn(actions, q.id) ? actions[q.id] : undefined;
    if (!a) return;
    planned.push({
      order,
      action: {
        questionId: q.id,
        rubricId,
        areaId,
        areaTitle,
        prompt: q.prompt,
        do: a.do,
        owner: a.owner,
        due: a.due ?? null,
        status: a.status,
        note: a.note?.trim() ? a.note : undefined,
        points: q.recoverable,
      },
    });
  });
  return planned.sort((x, y) => y.action.points - x.action.points || x.order - y.order).map((p) => p.action);
}

/**
 * Overdue: due before the assessment date and not done. Judged against the assessment date, not
 * the clock, so the same inputs and --date give the same report. Dates are YYYY-MM-DD, so text
 * order is date order.
 */
export function isOverdue(action: { due: string | null; status: string }, date: string): boolean {
  return action.status !== 'done' && action.due !== null && action.due < date;
}
