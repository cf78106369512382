/**
 * The portfolio's action plans: overdue actions by owner, and the top recommendations no action
 * covers. Written once against a Markup for portfolio.md (here) and portfolio.html. Pure.
 */
import type { OverdueAction, Portfolio } from '../portfolio/portfolio.js';
import type { Markup } from './markup.js';

export const PLANS_HEADING = 'Action plans';
export const OVERDUE_HEADING = 'Overdue actions by owner';
export const WITHOUT_ACTION_HEADING = 'Top recommendations with no action';
export const NO_PLAN = 'No contract has an action plan yet (actions: in the contract file: what will be done about a question, by whom and when).';
export const NONE_OVERDUE = 'None.';
export const ALL_PLANNED = "None: every recommendation in a contract's top five has an action.";
export const WITHOUT_ACTION_NOTE = "Recommendations in contracts' top five that their action plans do not cover (a contract with no plan covers none), by the points they leave at stake.";
export const OVERDUE_COLUMNS = ['Owner', 'Contract', 'Question', 'What will be done', 'Due', 'Points'] as const;
export const WITHOUT_ACTION_COLUMNS = ['Question', 'Step or principle', 'Contracts', 'Points at stake'] as const;

/** "2 of 6 contracts have an action plan: 5 actions, 1 done, 2 overdue (...)": kil's own words. */
export function plansLine(p: Portfolio, date: string): string {
  const a = p.actionPlans;
  return `${a.contracts} of ${p.assessed} contract${p.assessed === 1 ? '' : 's'} ${a.contracts === 1 ? 'has' : 'have'} an action plan: ${a.actions} action${a.actions === 1 ? '' : 's'}, ${a.done} done, ${a.overdue} overdue (due before ${date}, the assessment date, and not done).`;
}

/**
 * Overdue actions as rows, the owner named once per group; `contract` makes a contract's cell (a
 * link to its report where there is one). Made as they are written: there may be one per contract.
 */
export function* overdueRows(p: Portfolio, contract: (x: OverdueAction) => string, m: Markup): Generator<string[]> {
  for (const { owner, actions } of p.actionPlans.overdueByOwner) {
    for (const [i, x] of actions.entries()) yield [i === 0 ? m.text(owner) : '', contract(x), m.strong(m.text(x.questionId)), m.text(x.do), m.own(x.due), `+${x.points}`];
  }
}

export const withoutActionRows = (p: Portfolio, m: Markup): string[][] =>
  p.actionPlans.withoutAction.map((u) => [m.strong(m.text(u.questionId)), m.text(u.areaTitle), String(u.contracts), String(u.points)]);

/** The markdown section's lines. */
export function* plansMarkdown(p: Portfolio, date: string, contract: (x: OverdueAction) => string, m: Markup): Generator<string> {
  yield* [`## ${PLANS_HEADING}`, ''];
  if (p.actionPlans.contracts === 0) {
    yield* [NO_PLAN.replace('actions:', m.code('actions:')), ''];
    return;
  }
  yield* [m.own(plansLine(p, date)), '', `### ${OVERDUE_HEADING}`, ''];
  if (p.actionPlans.overdueByOwner.length === 0) yield* [NONE_OVERDUE, ''];
  else {
    yield* [`| ${OVERDUE_COLUMNS.join(' | ')} |`, '|---|---|---|---|---|---:|'];
    for (const r of overdueRows(p, contract, m)) yield `| ${r.join(' | ')} |`;
    yield '';
  }
  yield* [`### ${WITHOUT_ACTION_HEADING}`, ''];
  const without = withoutActionRows(p, m);
  if (without.length === 0) yield* [ALL_PLANNED, ''];
  else yield* [WITHOUT_ACTION_NOTE, '', `| ${WITHOUT_ACTION_COLUMNS.join(' | ')} |`, '|---|---|---:|---:|', ...without.map((r) => `| ${r.join(' | ')} |`), ''];
}
