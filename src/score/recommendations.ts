/**
 * Ranking recommendations by the overall points they would recover if the question scored
 * 100 (its share of the overall score times its shortfall), as Lighthouse ranks audits by
 * estimated gain. Ties keep rubric order, so the ranking is stable.
 */
import type { Area, Rubric } from '../model/rubric.js';
import type { QuestionResult, RankedRecommendation } from './result.js';

export function rankRecommendations(items: readonly { rubric: Rubric; area: Area; q: QuestionResult }[]): RankedRecommendation[] {
  const order: number[] = [];
  items.forEach(({ q }, i) => {
    if (q.recommendation !== undefined && q.recoverable > 0) order.push(i);
  });
  order.sort((a, b) => items[b]!.q.recoverable - items[a]!.q.recoverable || a - b);
  return order.map((i, rank) => {
    const { rubric, area, q } = items[i]!;
    return {
      rank: rank + 1,
      questionId: q.id,
      rubricId: rubric.id,
      areaId: area.id,
      areaTitle: area.title,
      prompt: q.prompt,
      answerText: q.answerText,
      status: q.status,
      why: q.recommendation!.why,
      do: q.recommendation!.do,
      points: Math.round(q.recoverable * 10) / 10,
    };
  });
}
