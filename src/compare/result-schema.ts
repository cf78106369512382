/**
 * The parts of a kil JSON result that a comparison reads: `kil assess --format json` output
 * (an assessment) and `kil batch --format json` output (a portfolio). Anything else the files
 * hold is ignored, so results from kil versions that add fields still compare. An Assessment
 * fits the assessment shape as it is, so a contract scored now and a result read from a file
 * are compared by the same code.
 */
import * as z from 'zod/mini';

/** A score, percentage or share as kil publishes it: a result with 1e308 or 500% is not kil's. */
const Percent = z.number().check(z.gte(0, 'must be between 0 and 100'), z.lte(100, 'must be between 0 and 100'));
const Score = z.nullable(Percent);
const Share = z.number().check(z.gte(0, 'must be between 0 and 1'), z.lte(1, 'must be between 0 and 1'));
const Count = z.int().check(z.gte(0, 'must not be negative'));

export const ResultQuestionSchema = z.object({
  id: z.string(),
  prompt: z.string(),
  status: z.enum(['answered', 'derived', 'not-applicable', 'unanswered']),
  value: z.union([z.string(), z.number(), z.null()]),
  answerText: z.string(),
  score: Score,
  /** The fraction of the overall score the question carries (0-1). */
  share: Share,
});

export const ResultAreaSchema = z.object({
  id: z.string(),
  title: z.string(),
  score: Score,
  questions: z.array(ResultQuestionSchema),
});

export const ResultRubricSchema = z.object({
  id: z.string(),
  title: z.string(),
  version: z.string(),
  score: Score,
  areas: z.array(ResultAreaSchema),
});

export const ResultRecommendationSchema = z.object({
  questionId: z.string(),
  areaTitle: z.string(),
  do: z.string(),
  points: Percent,
});

/** An assessment as compared: what `kil assess --format json` prints, less what a comparison does not read. */
export const ComparableResultSchema = z.object({
  contract: z.object({ title: z.string(), reference: z.nullable(z.string()), buyer: z.string() }),
  rubricSet: z.nullable(z.object({ id: z.string(), version: z.string() })),
  policy: z.object({ id: z.string(), version: z.string() }),
  overall: z.object({
    score: Percent,
    band: z.object({ name: z.string() }),
    provisional: z.boolean(),
    provisionalBelow: z.nullable(Percent),
    coverage: z.object({ pct: Percent, unanswered: Count }),
  }),
  rubrics: z.array(ResultRubricSchema),
  recommendations: z.array(ResultRecommendationSchema),
});
export type ComparableResult = z.infer<typeof ComparableResultSchema>;
export type ResultQuestion = z.infer<typeof ResultQuestionSchema>;

/** The header every kil JSON output starts with. */
export const KilJsonHeaderSchema = z.object({
  generator: z.literal('kil'),
  format: z.number(),
  kind: z.optional(z.string()),
  ok: z.optional(z.boolean()),
  kilVersion: z.optional(z.string()),
  assessedOn: z.optional(z.string()),
});

/** One contract of a portfolio (`contracts` in `kil batch --format json`), as movement reads it. */
export const PortfolioContractSchema = z.object({
  path: z.string(),
  title: z.string(),
  reference: z.nullable(z.string()),
  score: Percent,
  provisional: z.boolean(),
  areas: z.array(z.object({ id: z.string(), title: z.string(), score: Score })),
});
export type PortfolioContract = z.infer<typeof PortfolioContractSchema>;

export const PortfolioResultSchema = z.object({
  assessedOn: z.string(),
  contracts: z.array(PortfolioContractSchema),
});
