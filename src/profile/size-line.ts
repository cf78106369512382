/**
 * Locality's size: the lot value above which only a large organisation can carry a lot alone.
 * Taken from the rubric's data, never written here: question S4.1's bands, at the first band
 * whose score is at or below the lowest score its recommendations act on (in the shipped
 * rubric: above £1,500,000, "needs a large organisation"). Pure.
 */
import { formatMoneyExact } from '../facts/money.js';
import type { RubricLibrary } from '../load/library.js';
import type { SizeLine } from './profile.js';

export const SIZE_QUESTION = 'S4.1';

/** The size line, or a reason why the rubric folder has none. */
export function sizeLineOf(library: Pick<RubricLibrary, 'questions'>): SizeLine | { problem: string } {
  const q = library.questions.get(SIZE_QUESTION)?.question;
  if (!q || q.type !== 'number') return { problem: `the rubrics have no number question ${SIZE_QUESTION} (the largest lot's value), which gives Locality's size` };
  const upTo = Math.min(...q.recommendations.map((r) => r.up_to));
  const band = q.bands.find((b) => b.score <= upTo && (b.above !== undefined || (b.min !== undefined && b.min > 0)));
  if (!band || !Number.isFinite(upTo)) return { problem: `${SIZE_QUESTION}'s bands give no value at which its score falls to what its recommendations act on` };
  const amount = band.above ?? band.min!;
  const words = band.label ? `: ${band.label}` : '';
  return { amount, strict: band.above !== undefined, source: `${SIZE_QUESTION} band ${band.above !== undefined ? 'above' : 'from'} ${formatMoneyExact(amount)}${words} (score ${band.score})` };
}
