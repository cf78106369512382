/**
 * The council profile format (`council.yaml`): answers to the questions that describe the council
 * rather than one procurement (rubric questions with `scope: council`), written once and named by
 * every contract file (`council: ../council.yaml`) or passed with `--council`. This zod schema is
 * the single source of its types.
 */
import * as z from 'zod/mini';
import { Text } from './common.js';
import { AnswerEntrySchema } from './contract.js';
import { IsoDate } from './iso-date.js';

export const COUNCIL_FORMAT_VERSION = 1;

export const CouncilProfileSchema = z.strictObject({
  kil: z.literal(COUNCIL_FORMAT_VERSION, `must be ${COUNCIL_FORMAT_VERSION} (the council profile format version)`),
  kind: z.literal('council', 'must be council (this is a council profile)'),
  council: z.strictObject({
    name: Text,
    /** When the answers were last reviewed, YYYY-MM-DD: a report warns when it is over a year old. */
    reviewed: IsoDate.clone(),
  }),
  /** Keyed by question id, in the contract file's answer format; only council-scope questions. */
  answers: z._default(z.record(z.string(), AnswerEntrySchema), {}),
});
export type CouncilProfile = z.infer<typeof CouncilProfileSchema>;

/** A profile as an assessment uses it: the path as it was given (in the contract or --council) and its content. */
export interface AppliedCouncil {
  path: string;
  profile: CouncilProfile;
}

/**
 * Whether a profile reviewed on `reviewed` is more than `months` months older than `date` (both
 * YYYY-MM-DD; the policy's council_review_months). A day the earlier month lacks becomes its last
 * day: twelve months before 29 February is 28 February of the year before.
 */
export function reviewOverdue(reviewed: string, date: string, months: number): boolean {
  const total = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 - months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(Number(date.slice(8, 10)), lastDay);
  const limit = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return reviewed < limit;
}

/** A review date to look at: older than the policy allows, or after the assessment date (a typo, most likely). */
export const reviewNeedsAttention = (reviewed: string, date: string, months: number): boolean => reviewOverdue(reviewed, date, months) || reviewed > date;
