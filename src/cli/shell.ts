/** Text for a command line the user can paste: a path quoted only when the shell needs it. */
export const shellQuote = (s: string): string => (/^[\w./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
