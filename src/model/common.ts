/** Field types shared by every file format. */
import * as z from 'zod/mini';

/** Text that must say something: surrounding white space is trimmed, empty is refused. */
export const Text = z.string().check(z.trim(), z.minLength(1, 'must not be empty'));

export const Id = z.string().check(
  z.regex(/^[A-Za-z][A-Za-z0-9._-]*$/, 'must start with a letter and use only letters, digits, ".", "_" or "-"'),
);

export const Weight = z.number().check(z.gte(0, 'must be 0 or more'), z.lte(1000, 'must be 1000 or less'));

/** A percentage, 0 to 100. */
export const Percent = z.number().check(z.gte(0, 'must be between 0 and 100'), z.lte(100, 'must be between 0 and 100'));
