/**
 * The report's action plan: each action of the contract file with its question, the points that
 * question would recover, and whether it is overdue on the assessment date. The wording is
 * written once against a Markup, for the markdown report (actionPlanMarkdown here) and the HTML
 * report (html-report.ts). Pure.
 */
import { isOverdue } from '../score/action-plan.js';
import type { Assessment, PlannedAction } from '../score/result.js';
import type { Markup } from './markup.js';

export const ACTION_PLAN_HEADING = 'Action plan';
export const ACTION_COLUMNS = ['Question', 'What will be done', 'Owner', 'Due', 'Status', 'Points', 'Note'] as const;

export const STATUS_WORDS: Record<PlannedAction['status'], string> = { planned: 'Planned', 'in-progress': 'In progress', done: 'Done' };

/** "2026-03-31, overdue" for an action due before `date` and not done. */
function dueText(action: PlannedAction, date: string, m: Markup): string {
  if (action.due === null) return m.own('no date');
  return isOverdue(action, date) ? `${m.own(action.due)}, ${m.strong(m.own('overdue'))}` : m.own(action.due);
}

/** A done action whose question still loses points: the answer has not caught up with it. */
const statusText = (x: PlannedAction): string => (x.status === 'done' && x.points > 0 ? `${STATUS_WORDS.done} (update the answer to count it)` : STATUS_WORDS[x.status]);

/** "3 actions in the contract file: 1 done, 1 overdue (...)": kil's own words, to mark up with m.own. */
export function actionPlanLead(a: Assessment, date: string): string {
  const overdue = a.actions.filter((x) => isOverdue(x, date)).length;
  const done = a.actions.filter((x) => x.status === 'done').length;
  return (
    `${a.actions.length} action${a.actions.length === 1 ? '' : 's'} in the contract file: ${done} done, ${overdue} overdue (due before ${date}, the assessment date, and not done). ` +
    'Points are what the question would add to the overall score if it scored full marks; an action changes the score only once the answer changes.'
  );
}

/** One action's row, cells marked up. */
export const actionCells = (x: PlannedAction, date: string, m: Markup): string[] => [
  `${m.strong(m.text(x.questionId))} ${m.text(x.areaTitle)}`,
  m.text(x.do),
  m.text(x.owner),
  dueText(x, date, m),
  m.own(statusText(x)),
  x.points > 0 ? `+${x.points}` : '0',
  x.note ? m.text(x.note) : '',
];

/** The top recommendations with no action, named after the table; undefined when every one has an action. */
export function withoutActionLine(a: Assessment, top: number, m: Markup): string | undefined {
  const planned = new Set(a.actions.map((x) => x.questionId));
  const without = a.recommendations.slice(0, top).filter((r) => !planned.has(r.questionId));
  return without.length === 0 ? undefined : `Top recommendations with no action yet: ${without.map((r) => `${m.strong(m.text(r.questionId))} (+${r.points})`).join(', ')}.`;
}

/**
 * The markdown section, or nothing when the file has no action plan. `top`: how many
 * recommendations the report lists as top ones.
 */
export function actionPlanMarkdown(a: Assessment, date: string, top: number, m: Markup): string[] {
  if (a.actions.length === 0) return [];
  const out = [`## ${ACTION_PLAN_HEADING}`, '', m.own(actionPlanLead(a, date)), '', `| ${ACTION_COLUMNS.join(' | ')} |`, '|---|---|---|---|---|---:|---|'];
  for (const x of a.actions) out.push(`| ${actionCells(x, date, m).join(' | ')} |`);
  out.push('');
  const without = withoutActionLine(a, top, m);
  if (without) out.push(without, '');
  return out;
}
