/** Text helpers for published notices: HTML entities, postcodes in free text, dates. Pure. */
import { plainText } from '../../render/text.js';

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', pound: '£', euro: '€', ndash: '–', mdash: '—', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', hellip: '…' };

/** "Parks &amp; Open Spaces &#039;26 &pound;" -> "Parks & Open Spaces '26 £" */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text; // most text has no entity: no scan with the pattern below
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === '#') {
      const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      // Not 0, a surrogate half or beyond Unicode: such a reference is left as written.
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : whole;
    }
    const name = code.toLowerCase();
    return Object.hasOwn(NAMED, name) ? NAMED[name]! : whole; // "&constructor;" stays text
  });
}

/** A UTF-16 unit of a surrogate pair without its other half (JSON can carry one: "\ud800"). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Any surrogate half at all: text without one (most) needs no look for a lone one. */
const ANY_SURROGATE = /[\uD800-\uDFFF]/;

/** Escape sequences and control characters dropped, line breaks and tabs made spaces, lone surrogates made U+FFFD. */
export const cleanText = (text: string): string => {
  const plain = plainText(text);
  return ANY_SURROGATE.test(plain) ? plain.replace(LONE_SURROGATE, '\uFFFD') : plain;
};

/** White space that folding to one space would change: any but a space, or two in a row. */
const UNFOLDED_SPACE = /[^\S ]| {2}/;

/**
 * The most characters of one notice text kil reads: real descriptions are a few thousand, and
 * tidying a 100 MB one took half a minute and gigabytes for nothing.
 */
export const MAX_RAW_TEXT = 100_000;

/** The start of a text, at most `max` characters, not ending between the halves of a surrogate pair. */
export function textStart(text: string, max: number): string {
  if (text.length <= max) return text;
  return text.slice(0, /[\uD800-\uDBFF]/.test(text[max - 1] ?? '') ? max - 1 : max);
}

/**
 * Text from a notice, tidied: entities decoded, control characters and escape sequences
 * dropped, white space folded; the "rn"/"n" left where \r\n was stripped upstream kept as is.
 * Only the first `rawLimit` characters are read.
 */
export function noticeText(text: unknown, rawLimit = MAX_RAW_TEXT): string | undefined {
  if (typeof text !== 'string') return undefined;
  // Some portals export line breaks as the two characters "\r" or "\n": spaces, as real breaks are.
  let clean = cleanText(decodeEntities(textStart(text, rawLimit)));
  if (clean.includes('\\')) clean = clean.replace(/\\[rnt]/g, ' ');
  const t = (UNFOLDED_SPACE.test(clean) ? clean.replace(/\s+/g, ' ') : clean).trim();
  return t === '' ? undefined : t;
}

/** Text cut to at most `max` characters, ending in "…", never between the halves of a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? '')) end--;
  return `${text.slice(0, end).trimEnd()}…`;
}

/** A value from a notice as a flag shows it: short, one line, never the whole of a huge text. */
export function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(cutText(cleanText(textStart(value, 200)), 40));
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : typeof value;
}

// A UK postcode: area, district, then sector and unit (the space is optional in practice).
const POSTCODE = /([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})(?![A-Z0-9])/gi;

/**
 * The last UK postcode in free text ("... Barnsley S75 1JL", "wn3 4bw", "plcnRM11 3UB"),
 * normalised to "S75 1JL". Stray "rn"/"n" left from stripped line breaks are ignored.
 */
export function extractPostcode(text: string | undefined): string | undefined {
  if (!text) return undefined;
  // The last postcode is wanted: a huge address blob is read from its end.
  const cleaned = text.slice(-MAX_RAW_TEXT).replace(/(?:rn|n)(?=[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b)/g, ' ');
  let last: string | undefined;
  for (const m of cleaned.matchAll(POSTCODE)) {
    const before = cleaned[m.index - 1];
    if (before !== undefined && /[A-Za-z0-9]/.test(before)) continue; // part of a longer word
    last = `${m[1]!.toUpperCase()} ${m[2]!.toUpperCase()}`;
  }
  return last;
}

/** Months between two ISO dates, rounded to the nearest whole month. */
export function monthsBetween(from: string, to: string): number | undefined {
  const a = Date.parse(from);
  const b = Date.parse(to);
  if (!Number.isFinite(a) || !Number.isFinite(b) || b <= a) return undefined;
  return Math.max(1, Math.round((b - a) / (1000 * 60 * 60 * 24 * 30.4375)));
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})/;

/** Days in a month of the proleptic Gregorian calendar (the one ISO 8601 and Date use). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** "2025-03-13T12:00:00Z" -> "2025-03-13" when it is a real date (by arithmetic: a Date a call was a tenth of the mapping's dates). */
export function isoDay(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = ISO_DAY.exec(value);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) ? value.slice(0, 10) : undefined;
}

// "2025-03-13", "2025-03-13T12:00:00Z", "2025-03-13T12:00:00.5+01:00" (ISO 8601 as OCDS writes it).
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * The instant an OCDS date-time stands for, in milliseconds since 1970, or undefined when it
 * is not a real date written the ISO way. Strict on purpose: Date.parse accepts much more, and
 * reads a time without an offset in the machine's own time zone (here it is UTC).
 */
export function instant(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.length > 40) return undefined;
  const m = DATE_TIME.exec(value.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 60) return undefined;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, Math.min(second, 59), Number(`0.${m[7] ?? '0'}`) * 1000);
  // No offset means UTC; otherwise "+01", "+0100" or "+01:00".
  const zone = /^([+-])(\d{2}):?(\d{2})?$/.exec(m[8] ?? '');
  const [zh, zm] = zone ? [Number(zone[2]), Number(zone[3] ?? 0)] : [0, 0];
  if (zh > 23 || zm > 59) return undefined;
  return d.getTime() - (zone?.[1] === '-' ? -1 : 1) * (zh * 60 + zm) * 60_000;
}
