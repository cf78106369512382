import { editDistance } from '../model/order-text.js';

/** The nearest known name to a misspelt one, or undefined when nothing is close enough. */
export function nearestName(wrong: string, known: readonly string[]): string | undefined {
  const w = wrong.toLowerCase();
  // A name cut short ("tender_window" for "tender_window_days") is the likeliest slip of all.
  const extended = w.length >= 4 ? known.filter((k) => k.toLowerCase().startsWith(w)) : [];
  if (extended.length === 1) return extended[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(w, candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  // Allow roughly one typo per three characters; further than that is a guess, not a hint.
  const limit = Math.max(2, Math.floor(wrong.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** "a, b or c" for messages. */
export function listOf(items: readonly string[], last = 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}
