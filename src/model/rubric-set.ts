/**
 * The optional rubric-set file: which rubrics make up the overall score, how they are
 * weighted, and which bands the overall score uses. Without one, every rubric in the folder
 * counts equally and the bands must be the same in all of them.
 */
import * as z from 'zod/mini';
import { Id, Percent, Text, Weight } from './common.js';
import { BandsSchema } from './rubric.js';

export const RubricSetSchema = z.strictObject({
  kind: z.literal('rubric-set'),
  id: Id,
  title: Text,
  version: Text,
  description: z.optional(Text),
  rubrics: z.array(z.strictObject({ id: Id, weight: Weight })).check(z.minLength(1, 'needs at least one rubric')),
  bands: BandsSchema,
  /**
   * Below this coverage (the % of the questions that apply which are answered or derived) the
   * overall band is not meaningful: the result is marked provisional. Absent: never provisional.
   */
  provisional_below_coverage: z.optional(Percent),
  /**
   * What the rubrics are scored from. `answers-and-facts` (the default): a commissioner's answers
   * and the facts kil derives; an unanswered question scores 0, since a practice nobody can vouch
   * for earns nothing. `published-facts`: only the facts a published notice carries; answers in
   * the file are not read, and a question whose fact is not published carries no weight (a notice
   * that does not publish a fact is silent, not bad), so coverage says how much the notice publishes.
   */
  scored_from: z.optional(z.enum(['answers-and-facts', 'published-facts'])),
  /**
   * The policy file, as a path from this file's folder, when the folder does not hold one: a
   * second rubric set beside kil's own shares its thresholds and law (`../policy.yaml`).
   */
  policy: z.optional(Text),
});
export type RubricSet = z.infer<typeof RubricSetSchema>;
