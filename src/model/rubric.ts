/**
 * The rubric file format. This zod schema is the single source of the rubric types:
 * everything a council may want to change (questions, weights, scales, bands,
 * recommendations) is data validated here, never a constant in code.
 */
import * as z from 'zod/mini';
import { Id, Percent, Text, Weight } from './common.js';

const Score = Percent;

/** A band turns a 0-100 score into a name, e.g. "Developing" from 40. */
export const BandSchema = z.strictObject({
  name: Text,
  min: Score,
  /** What the band means for a procurement still being planned. */
  meaning: Text,
  /** Said instead once the procurement has started (its start date is on or before the assessment date): the tender is out. */
  meaning_once_started: z.optional(Text),
});
export type Band = z.infer<typeof BandSchema>;

export const BandsSchema = z.array(BandSchema).check(
  z.minLength(1, 'needs at least one band'),
  z.superRefine((bands, ctx) => {
    if (!bands.some((b) => b.min === 0)) {
      ctx.addIssue({ code: 'custom', input: bands, message: 'needs a band with min: 0 so that every score has a band' });
    }
    bands.forEach((b, i) => {
      const prev = bands[i - 1];
      if (prev && b.min <= prev.min) {
        ctx.addIssue({ code: 'custom', input: bands, path: [i, 'min'], message: 'bands must be listed from the lowest min to the highest' });
      }
    });
  }),
);

/**
 * What to recommend when a question scores at or below `up_to`. A question may carry several,
 * so that advice differs by level; the tightest matching one is used.
 */
export const RecommendationSchema = z.strictObject({
  up_to: Score,
  do: Text,
  why: z.optional(Text),
  /**
   * Give this advice only where the law that applies provides for all of these features (policy
   * `features`), e.g. reserving a competition only where the law lets the buyer reserve it.
   */
  when_law: z.optional(z.array(Id).check(z.minLength(1, 'needs at least one entry'))),
  /** Give this advice only where the law provides for none of these features. */
  unless_law: z.optional(z.array(Id).check(z.minLength(1, 'needs at least one entry'))),
});
export type Recommendation = z.infer<typeof RecommendationSchema>;

/** A band of a number question: values at or above `min` (or strictly above `above`) score `score`. */
export const NumberBandSchema = z
  .strictObject({
    min: z.optional(z.number()),
    above: z.optional(z.number()),
    score: Score,
    label: z.optional(Text),
    /** Advice for a value in this band, when the question's score-based advice cannot tell (too short vs too long). */
    do: z.optional(Text),
  })
  .check(
    z.refine((b) => (b.min === undefined) !== (b.above === undefined), 'give exactly one of min (value at or above) or above (value strictly above)'),
  );
export type NumberBand = z.infer<typeof NumberBandSchema>;

/** An answer as a rubric writes it: yes/partly/no, a level, an option value or a number. */
const AnswerValue = z.union([z.string(), z.number()]);

const questionBase = {
  id: Id,
  prompt: Text,
  help: Text,
  weight: Weight,
  /** Name of a procurement fact the answer is computed from; such a question is not asked. */
  derive: z.optional(Id),
  /**
   * How the fact's value becomes the answer, when the fact is not already one: for a choice fact,
   * the answer each value gives; for a number fact, bands (the highest at_least reached). This is
   * the judgement (e.g. part payment by results is "partly"), so it is rubric data.
   */
  derive_answers: z.optional(z.union([z.record(z.string(), AnswerValue), z.array(z.strictObject({ at_least: z.number(), answer: AnswerValue })).check(z.minLength(1, 'needs at least one entry'))])),
  /**
   * Answers an earlier version of the question took, and the answer each now stands for: P5.2 was
   * yes/partly/no and is now a count, so an old file's "yes" still loads (read as 3, with a warning).
   */
  earlier_answers: z.optional(z.record(z.string(), AnswerValue)),
  /** When present, "n/a" is a valid answer; the text says when the question does not apply. */
  not_applicable: z.optional(Text),
  /**
   * Features of the law (policy.yaml `features`) the question's premise needs: under a regime
   * without them (a tender window for a grant), the question is not applicable.
   */
  needs: z.optional(z.array(Id).check(z.minLength(1, 'needs at least one entry'))),
  /**
   * The question earns points only while a number fact reaches `at_least` (a contract's length
   * earns nothing when no local organisation could bid for it); below it the score is 0, with
   * `reason` shown and `do` as the advice. An unknown fact does not gate.
   */
  counts_only_if: z.optional(z.strictObject({ fact: Id, at_least: z.number(), reason: Text, do: Text })),
  /**
   * Who the question is about: the procurement (`contract`, the default) or the council as a whole
   * (`council`: endorsing the principles, a small-grants route). Council answers live once in a
   * council profile rather than in every contract file.
   */
  scope: z._default(z.enum(['contract', 'council']), 'contract'),
  /**
   * The question was about the council in an earlier version (P3.2, spend in the contract's
   * category, until rubric 3.1.0): a council profile's answer to it is ignored with a warning
   * (answer it in each contract file), not refused.
   */
  earlier_scope: z.optional(z.literal('council')),
  recommendations: z._default(z.array(RecommendationSchema), []),
};

export const YesNoQuestionSchema = z.strictObject({ ...questionBase, type: z.literal('yes_no') });

export const MaturityQuestionSchema = z.strictObject({
  ...questionBase,
  type: z.literal('maturity'),
  /** One descriptor for each level 0 to 4, in order. */
  levels: z.array(Text).check(z.length(5, 'needs exactly 5 descriptors, for levels 0 to 4')),
});

export const ChoiceOptionSchema = z.strictObject({
  value: Id,
  label: Text,
  score: Score,
});
export type ChoiceOption = z.infer<typeof ChoiceOptionSchema>;

export const ChoiceQuestionSchema = z.strictObject({
  ...questionBase,
  type: z.literal('choice'),
  options: z.array(ChoiceOptionSchema).check(z.minLength(2, 'needs at least 2 options')),
});

export const NumberQuestionSchema = z.strictObject({
  ...questionBase,
  type: z.literal('number'),
  unit: Text,
  range: z.strictObject({ min: z.number(), max: z.optional(z.number()) }),
  integer: z._default(z.boolean(), false),
  bands: z.array(NumberBandSchema).check(z.minLength(1, 'needs at least one band')),
});

export const QuestionSchema = z.discriminatedUnion('type', [
  YesNoQuestionSchema,
  MaturityQuestionSchema,
  ChoiceQuestionSchema,
  NumberQuestionSchema,
]);
export type Question = z.infer<typeof QuestionSchema>;
export type QuestionType = Question['type'];
export type NumberQuestion = z.infer<typeof NumberQuestionSchema>;
export type ChoiceQuestion = z.infer<typeof ChoiceQuestionSchema>;
export type MaturityQuestion = z.infer<typeof MaturityQuestionSchema>;

/** An area is one of Locality's steps or principles. */
export const AreaSchema = z.strictObject({
  id: Id,
  title: Text,
  why: Text,
  weight: Weight,
  questions: z.array(QuestionSchema).check(z.minLength(1, 'needs at least one question')),
});
export type Area = z.infer<typeof AreaSchema>;

/** How answers of the fixed kinds become 0-100 scores. */
export const ScalesSchema = z.strictObject({
  yes_no: z.strictObject({ yes: Score, partly: Score, no: Score }),
  maturity: z.array(Score).check(z.length(5, 'needs 5 scores, for levels 0 to 4')),
});
export type Scales = z.infer<typeof ScalesSchema>;

export const RubricSchema = z.strictObject({
  kind: z.literal('rubric'),
  id: Id,
  title: Text,
  version: Text,
  source: Text,
  description: z.optional(Text),
  scales: ScalesSchema,
  bands: BandsSchema,
  /**
   * Used only in a folder without a rubric-set file (whose own field decides otherwise): below this
   * coverage the overall result is provisional. Rubrics that give it must agree.
   */
  provisional_below_coverage: z.optional(Score),
  areas: z.array(AreaSchema).check(z.minLength(1, 'needs at least one area')),
  /** Questions an earlier version had: an answer to one is a warning that says why, not an error. */
  retired: z._default(z.array(z.strictObject({ id: Id, since: Text, why: Text })), []),
});
export type Rubric = z.infer<typeof RubricSchema>;
