import * as z from 'zod/mini';

/** A calendar date written YYYY-MM-DD that really exists (no 2026-02-30). */
export const IsoDate = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD, e.g. 2026-04-01'),
  z.refine((s) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return true; // the format check above has said what is wrong
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'is not a real calendar date'),
);
