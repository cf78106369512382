/** Lengths of time written in prose ("a 24 month extension option", "an initial period of two (2) years"), in months. Pure. */

const WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, eighteen: 18, 'twenty-four': 24 };

/**
 * A length of time written in prose, in months: the first pattern that matches wins. Each
 * pattern captures the number (digits, or a word with digits in brackets) and the unit.
 */
function monthsInProse(text: string, patterns: readonly RegExp[]): number | undefined {
  const numberOf = (digits: string | undefined, word: string | undefined): number | undefined => {
    if (digits !== undefined) return Number(digits);
    const w = (word ?? '').toLowerCase();
    return /^\d+$/.test(w) ? Number(w) : Object.hasOwn(WORDS, w) ? WORDS[w] : undefined;
  };
  for (const re of patterns) {
    const g = re.exec(text)?.groups;
    if (!g) continue;
    const count = numberOf(g.n, g.word);
    // "2 x extensions of 12 months each", "two further periods of 12 months": the count multiplies.
    const times = g.times !== undefined || g.timesWord !== undefined ? numberOf(g.times, g.timesWord) : 1;
    if (count !== undefined && times !== undefined && count > 0 && count <= 240 && times > 0 && times <= 10) return times * count * (/year/i.test(g.unit ?? '') ? 12 : 1);
  }
  return undefined;
}

/** Extension options: "a 24 month extension option", "a further period of one (1) year", "extend by 2 years". */
export const extensionFromText = (text: string): number | undefined =>
  monthsInProse(text, [
    /(?:(?<times>\d{1,2})|(?<timesWord>two|three|four|five))\s*(?:x|×|\*)?\s*(?:\(\d+\)\s*)?(?:further\s+)?(?:extensions?|options?|periods?|renewals?)\b[^.]{0,30}?\bof (?:up to )?(?<word>[a-z-]+|\d+)(?: \((?<n>\d+)\))? (?<unit>year|month)s?(?: each)?/i,
    /(?<n>\d{1,3})[- ]?(?<unit>month)s?\s+(?:extension|option|renewal)/i,
    /option to extend[^.]{0,80}?\b(?:an? )?(?:additional|further) (?<word>[a-z-]+|\d+)(?: \((?<n>\d+)\))? (?<unit>year|month)s?/i,
    /further (?:period|term) of (?:up to )?(?<word>[a-z-]+|\d+)(?: \((?<n>\d+)\))? (?<unit>year|month)s?/i,
    /(?:extend|extension)[^.]{0,60}?\bby (?:up to )?(?<word>[a-z-]+|\d+)(?: \((?<n>\d+)\))? (?<unit>year|month)s?/i,
    /(?:extension|option)[^.]{0,40}?(?<n>\d{1,2})\s*(?<unit>year|month)s?/i,
  ]);

/** An initial period: "36 month initial contract period", "an initial period of two (2) years". */
export const initialFromText = (text: string): number | undefined =>
  monthsInProse(text, [
    /(?<n>\d{1,3})[- ]?(?<unit>month|year)s?\s+initial/i,
    /initial (?:contract )?(?:period|term) of (?<word>[a-z-]+|\d+)(?: \((?<n>\d+)\))? (?<unit>year|month)s?/i,
  ]);
