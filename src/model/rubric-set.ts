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
});
export type RubricSet = z.infer<typeof RubricSetSchema>;
