/** Option values shared by the command definitions and the commands themselves. */
import { UserError } from './user-error.js';

export const ASSESS_FORMATS = ['md', 'html', 'json'] as const;
export type AssessFormat = (typeof ASSESS_FORMATS)[number];
export const BATCH_FORMATS = ['table', 'md', 'html', 'csv', 'json'] as const;

export function parseFailUnder(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) {
    throw new UserError(`--fail-under must be a number from 0 to 100, not "${raw}"`);
  }
  return n;
}
