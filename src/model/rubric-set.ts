/**
 * The optional rubric-set file: which rubrics make up the overall score, how they are
 * weighted, and which bands the overall score uses. Without one, every rubric in the folder
 * counts equally and the bands must be the same in all of them.
 */
import { z } from 'zod';
import { BandsSchema } from './rubric.js';

export const RubricSetSchema = z.strictObject({
  kind: z.literal('rubric-set'),
  id: z.string().min(1),
  title: z.string().trim().min(1),
  version: z.string().trim().min(1),
  description: z.string().trim().min(1).optional(),
  rubrics: z
    .array(z.strictObject({ id: z.string().min(1), weight: z.number().min(0).max(1000) }))
    .min(1, 'needs at least one rubric'),
  bands: BandsSchema,
});
export type RubricSet = z.infer<typeof RubricSetSchema>;
