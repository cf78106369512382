/**
 * Whether a question's premise holds under the law that applies: a question that needs a
 * feature the regime lacks (a tender window for a grant, the Social Value Act in Scotland) does
 * not apply. Returns why not, or undefined when it applies. Pure.
 */
import type { Nation } from '../model/contract.js';
import type { Policy } from '../model/policy.js';
import type { Question } from '../model/rubric.js';
import type { ProcurementFacts } from './procurement-facts.js';

/**
 * Whether the question asks about another nation's law (a Scottish duty, for an English council):
 * a feature the policy gives `nations` that exclude the buyer's. Such a question is not a gap in
 * this contract, so the reports leave it out.
 */
export function aboutOtherLaw(q: Question, nation: Nation, policy: Policy): boolean {
  return q.needs?.some((id) => policy.features.find((f) => f.id === id)?.nations?.includes(nation) === false) ?? false;
}

export function premiseMissing(q: Question, facts: ProcurementFacts, policy: Policy): string | undefined {
  const missing = q.needs?.find((f) => !facts.regime?.features.has(f));
  if (missing === undefined) return undefined;
  if (!facts.regime) return 'kil has no data on the law for this contract (see the derived facts), so it is not applicable';
  const text = policy.features.find((f) => f.id === missing)?.text ?? missing;
  return `does not apply under ${facts.regime.name}: it has no ${text} for this contract`;
}
