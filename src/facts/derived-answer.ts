/**
 * A derived question's answer from its fact's value: the value itself, or, where the rubric
 * gives `derive_answers`, the answer the rubric says that value gives (part payment by results is
 * "partly"). The judgement is rubric data; this only looks it up. Pure.
 */
import type { Question } from '../model/rubric.js';

export function derivedAnswer(q: Question, value: string | number): string | number | undefined {
  const map = q.derive_answers;
  if (map === undefined) return value;
  if (Array.isArray(map)) {
    if (typeof value !== 'number') return undefined;
    let best: { at_least: number; answer: string | number } | undefined;
    for (const band of map) if (value >= band.at_least && (!best || band.at_least > best.at_least)) best = band;
    return best?.answer;
  }
  return typeof value === 'string' && Object.hasOwn(map, value) ? map[value] : undefined;
}
