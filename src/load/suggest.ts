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

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j]!;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      prev[j] = Math.min(above + 1, prev[j - 1]! + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return prev[b.length]!;
}

/** "a, b or c" for messages. */
export function listOf(items: readonly string[], last = 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}
