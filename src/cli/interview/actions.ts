/**
 * The review's action plan: for each of the top recommendations, the offer to say what will be
 * done, who owns it and by when (or to skip it). Each action is saved to the contract file as
 * soon as it is given, as answers are.
 */
import { parseDate } from '../../interview/fields.js';
import { locateContract } from '../../load/contract.js';
import type { RubricLibrary } from '../../load/library.js';
import type { Action, ActionStatus } from '../../model/contract.js';
import type { AppliedCouncil } from '../../model/council.js';
import { actionFields } from '../../model/field-table.js';
import { TOP_RECOMMENDATIONS } from '../../render/report-words.js';
import { plainText } from '../../render/text.js';
import type { Assessment, RankedRecommendation } from '../../score/result.js';
import { assess } from '../../score/score.js';
import type { Draft } from './draft.js';
import { BACK, type Back, type Prompter, type PromptChoice } from './prompter.js';

/** The assessment of the file as it stands; undefined while it cannot be assessed. */
export function draftAssessment(draft: Draft, library: RubricLibrary, council: AppliedCouncil | undefined): Assessment | undefined {
  const { contract } = locateContract({ file: draft.path, text: draft.text() }, library);
  return contract ? assess(library, contract, council) : undefined;
}

/** The report's top recommendations for the file as it stands; none while it cannot be assessed. */
export function topRecommendations(draft: Draft, library: RubricLibrary, council: AppliedCouncil | undefined, assessment = draftAssessment(draft, library, council)): RankedRecommendation[] {
  return assessment ? assessment.recommendations.slice(0, TOP_RECOMMENDATIONS) : [];
}

/** The action the file holds for a question, if it is a well-formed one. */
function actionOf(draft: Draft, id: string): Action | undefined {
  const raw = draft.get(['actions', id]);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const a = raw as Partial<Record<keyof Action, unknown>>;
  if (typeof a.do !== 'string' || typeof a.owner !== 'string') return undefined;
  const status = STATUSES.find((s) => s.value === a.status)?.value ?? 'planned';
  return { do: a.do, owner: a.owner, status, ...(typeof a.due === 'string' ? { due: a.due } : {}), ...(typeof a.note === 'string' ? { note: a.note } : {}) };
}

/** The ids of the top recommendations with no action in the file. */
export function withoutAction(draft: Draft, top: readonly RankedRecommendation[]): string[] {
  return top.filter((r) => actionOf(draft, r.questionId) === undefined).map((r) => r.questionId);
}

const label = (key: keyof Action): string => actionFields().find((f) => f.key === key)!.meta.label;
const STATUSES: readonly PromptChoice<ActionStatus>[] = Object.entries(actionFields().find((f) => f.key === 'status')!.meta.choices ?? {}).map(([value, name]) => ({
  value: value as ActionStatus,
  name,
}));

const isBack = (text: string): boolean => ['<', 'back'].includes(text.trim().toLowerCase());

type Choice = 'add' | 'keep' | 'remove' | Back;

/** Go through the top recommendations; `<` (or "← Back") at a recommendation returns to the review. */
export async function planActions(draft: Draft, top: readonly RankedRecommendation[], prompter: Prompter, say: (text: string) => void): Promise<void> {
  say('\nFor each top recommendation: what will be done, who owns it and by when. The report lists the actions; they do not change the score.\n');
  for (const rec of top) {
    for (;;) {
      const current = actionOf(draft, rec.questionId);
      say(`\n${rec.rank}. ${rec.questionId} ${plainText(rec.prompt)} (up to +${rec.points} points)\n   ${plainText(rec.do)}\n`);
      const shown = current ? `${plainText(current.do)} (${plainText(current.owner)}${current.due ? `, due ${current.due}` : ''}, ${current.status})` : '';
      const choices: PromptChoice<Choice>[] = current
        ? [
            { value: 'keep', name: `Keep the action: ${shown}` },
            { value: 'add', name: 'Change it' },
            { value: 'remove', name: 'Remove it' },
            { value: BACK, name: '← Back to the review (or type <)' },
          ]
        : [
            { value: 'add', name: 'Add an action' },
            { value: 'keep', name: 'Skip it' },
            { value: BACK, name: '← Back to the review (or type <)' },
          ];
      const picked = await prompter.select<Choice>(`Action for ${rec.questionId}?`, choices);
      if (picked.value === BACK) return;
      if (picked.value === 'keep') break;
      if (picked.value === 'remove') {
        draft.delete(['actions', rec.questionId]);
        draft.save();
        break;
      }
      const given = await askAction(rec, current, prompter);
      if (given === BACK) continue; // back to this recommendation's choice
      draft.set(['actions', rec.questionId], given);
      draft.save();
      break;
    }
  }
}

const required = (text: string): true | string => (isBack(text) || text.trim() !== '' ? true : 'Please give it, or type < to go back');

/** What, who and when (and, for an action already planned, where it stands); `<` at any of them goes back. */
async function askAction(rec: RankedRecommendation, current: Action | undefined, prompter: Prompter): Promise<Action | Back> {
  const what = await prompter.input(`${label('do')} (< to go back)`, { default: current?.do ?? rec.do, validate: required });
  if (isBack(what)) return BACK;
  const owner = await prompter.input(`${label('owner')}: a name or a role`, { ...(current ? { default: current.owner } : {}), validate: required });
  if (isBack(owner)) return BACK;
  // With a date already set, Enter keeps it, so "none" is the way to take it off (it was refused).
  const noDate = (t: string) => ['none', '-'].includes(t.trim().toLowerCase());
  const due = await prompter.input(`${label('due')} (e.g. 2027-06-30 or 30/06/2027; ${current?.due ? '"none" to take it off' : 'Enter for none'})`, {
    ...(current?.due ? { default: current.due } : {}),
    validate: (t) => {
      if (isBack(t) || t.trim() === '' || noDate(t)) return true;
      const d = parseDate(t);
      return d.ok ? true : d.error;
    },
  });
  if (isBack(due)) return BACK;
  let status: ActionStatus = 'planned';
  if (current) {
    const picked = await prompter.select<ActionStatus | Back>(label('status'), [...STATUSES, { value: BACK, name: '← Back (or type <)' }], { default: current.status });
    if (picked.value === BACK) return BACK;
    status = picked.value;
  }
  const dueDate = due.trim() && !noDate(due) ? parseDate(due) : undefined;
  return { do: what.trim(), owner: owner.trim(), ...(dueDate?.ok ? { due: dueDate.value } : {}), status, ...(current?.note ? { note: current.note } : {}) };
}
