/**
 * A copy of a string that shares no memory with the text it was cut from. V8 keeps a whole
 * file's text alive behind a substring of it: what a batch keeps of 50,000 contracts (titles,
 * paths, recommendation text) must not keep their files' text too.
 */
export const detached = (s: string): string => JSON.parse(JSON.stringify(s)) as string;
