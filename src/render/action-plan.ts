/**
 * The report's action plan: each action of the contract file with its question, the points that
 * question would recover, and whether it is overdue on the assessment date. Pure.
 */
import { isOverdue } from '../score/action-plan.js';
import type { Assessment, PlannedAction } from '../score/result.js';
import { mdText } from './text.js';

export const STATUS_WORDS: Record<PlannedAction['status'], string> = { planned: 'Planned', 'in-progress': 'In progress', done: 'Done' };

/** "2026-03-31, overdue" for an action due before `date` and not done. */
export function dueText(action: PlannedAction, date: string): string {
  if (action.due === null) return 'no date';
  return isOverdue(action, date) ? `${action.due}, **overdue**` : action.due;
}

/** A done action whose question still loses points: the answer has not caught up with it. */
const statusText = (x: PlannedAction): string => (x.status === 'done' && x.points > 0 ? `${STATUS_WORDS.done} (update the answer to count it)` : STATUS_WORDS[x.status]);

/**
 * The section, or nothing when the file has no action plan. `top`: how many recommendations the
 * report lists as top ones; those without an action are named under the table.
 */
export function actionPlanSection(a: Assessment, date: string, top: number): string[] {
  if (a.actions.length === 0) return [];
  const overdue = a.actions.filter((x) => isOverdue(x, date)).length;
  const done = a.actions.filter((x) => x.status === 'done').length;
  const out = [
    '## Action plan',
    '',
    `${a.actions.length} action${a.actions.length === 1 ? '' : 's'} in the contract file: ${done} done, ${overdue} overdue (due before ${date}, the assessment date, and not done). ` +
      'Points are what the question would add to the overall score if it scored full marks; an action changes the score only once the answer changes.',
    '',
    '| Question | What will be done | Owner | Due | Status | Points | Note |',
    '|---|---|---|---|---|---:|---|',
  ];
  for (const x of a.actions) {
    out.push(
      `| **${mdText(x.questionId)}** ${mdText(x.areaTitle)} | ${mdText(x.do)} | ${mdText(x.owner)} | ${dueText(x, date)} | ${statusText(x)} | ${x.points > 0 ? `+${x.points}` : '0'} | ${x.note ? mdText(x.note) : ''} |`,
    );
  }
  out.push('');
  const planned = new Set(a.actions.map((x) => x.questionId));
  const without = a.recommendations.slice(0, top).filter((r) => !planned.has(r.questionId));
  if (without.length > 0) {
    out.push(`Top recommendations with no action yet: ${without.map((r) => `**${mdText(r.questionId)}** (+${r.points})`).join(', ')}.`, '');
  }
  return out;
}
