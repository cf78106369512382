/** The award criteria, the evaluation weights they imply, and social value said only in the text. Pure. */
import { arr, Notes, num, obj, type Found, type Notice } from '../notice.js';

type CriterionType = 'price' | 'cost' | 'quality' | 'social-value' | 'other';
export interface Criterion {
  name: string;
  type: CriterionType;
  weight_pct?: number;
}

/** The first lot's criteria (or the tender's, without lots): they stand for the procurement. */
function criteriaOf(n: Notice, out: Notes): { criteria: Criterion[]; field: string } {
  const criteria: Criterion[] = [];
  let field = 'tender.awardCriteria.criteria';
  for (const [at, lot] of (n.lots.length > 0 ? n.lots : [n.tender]).entries()) {
    if (n.lots.length > 0) field = `tender.lots[${at}].awardCriteria.criteria`;
    for (const c of arr(obj(lot.awardCriteria)?.criteria).map(obj)) {
      if (!c) continue;
      const name = out.text(c.name, 'awardCriteria.criteria[].name') ?? out.text(c.type, 'awardCriteria.criteria[].type') ?? 'criterion';
      const weight = num(obj(arr(c.numbers)[0])?.weight) ?? num(c.description);
      const type = /social value|community benefit/i.test(name) ? 'social-value' : c.type === 'price' || c.type === 'cost' || c.type === 'quality' ? c.type : 'other';
      criteria.push({ name, type, ...(weight !== undefined && weight >= 0 && weight <= 100 ? { weight_pct: weight } : {}) });
    }
    if (criteria.length > 0) break;
  }
  return { criteria, field };
}

export function criteriaRule(n: Notice): Found & { criteria: Criterion[] } {
  const out = new Notes();
  const { criteria, field } = criteriaOf(n, out);
  if (criteria.length === 0) return { ...out, criteria };
  out.fact(['award_criteria'], out.capped(criteria, 'award criteria'), 'field', field);
  const sum = (t: string[]) => criteria.filter((c) => t.includes(c.type)).reduce((s, c) => s + (c.weight_pct ?? NaN), 0);
  const [price, quality, social] = [sum(['price', 'cost']), sum(['quality', 'other']), sum(['social-value'])];
  if ([price, quality, social].every((w) => !Number.isNaN(w)) && Math.abs(price + quality + social - 100) < 1e-9) {
    out.fact(['evaluation'], { price_pct: price, quality_pct: quality, social_value_pct: social }, 'field', `${field}; the weights by type, no criterion named social value meaning 0%`);
  } else out.flag('the award criteria weights do not add up to 100: evaluation left for you to fill in');
  return { ...out, criteria };
}

/** Social value in the description but in no weighted criterion: a point to check. */
export function socialValueTextRule(n: Notice, criteria: Criterion[]): Found {
  const out = new Notes();
  const allText = [n.description, n.releaseDescription ?? ''].join(' ');
  if (/social value|community benefit|\bTOMS?\b/i.test(allText) && !criteria.some((c) => c.type === 'social-value')) {
    out.flag('the description mentions social value or community benefits, but no weighted criterion does: check the evaluation');
  }
  return out;
}
