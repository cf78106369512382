/**
 * Values as people type them: "£650,000", "650k", "10%", "2x", "4 weeks", "two", "01/09/2026".
 * Read into a plain value and what the text said about its unit, then fitted to the unit a field
 * takes (from the facts table or the rubric question), converting only between units that are
 * whole multiples (weeks to days, years to months and back), and refused with the right unit
 * named otherwise. Pure: the contract loader uses it to say what to write ("write 650000"), the
 * interview to accept what was typed, the report to say "1 organisation".
 */
import { formatNumber } from './number-text.js';

export type TimeUnit = 'day' | 'week' | 'month' | 'year';

/** What a unit written beside a number, or a field's unit, is. */
export type UnitClass =
  | { kind: 'none' }
  | { kind: 'pounds' }
  | { kind: 'percent' }
  | { kind: 'multiple' }
  | { kind: 'time'; unit: TimeUnit }
  | { kind: 'word'; word: string };

export interface TypedNumber {
  /** The number written, with any k, m or bn applied. */
  value: number;
  /** What the text said the number is in: £, %, x, weeks, organisations... ('none' if nothing). */
  unit: UnitClass;
  /** Written with k, m, bn (or thousand, million, billion). */
  scaled: boolean;
}

const SCALES: Readonly<Record<string, number>> = { k: 1e3, thousand: 1e3, m: 1e6, mn: 1e6, million: 1e6, bn: 1e9, billion: 1e9 };

const TIME_WORDS: Readonly<Record<string, TimeUnit>> = {
  d: 'day', day: 'day', days: 'day',
  w: 'week', wk: 'week', wks: 'week', week: 'week', weeks: 'week',
  mo: 'month', mos: 'month', mth: 'month', mths: 'month', month: 'month', months: 'month',
  y: 'year', yr: 'year', yrs: 'year', year: 'year', years: 'year',
};

/** How many of the field's unit one of the written unit is, where that is exact (a month is no whole number of days). */
const TIME_FACTORS: Readonly<Record<TimeUnit, Partial<Record<TimeUnit, number>>>> = {
  day: { day: 1, week: 7 },
  week: { week: 1 },
  month: { month: 1, year: 12 },
  year: { year: 1, month: 1 / 12 },
};

/** For "type e.g. 35 or 5 weeks": a typical number in the unit, and the same in the unit it converts from. */
const TIME_EXAMPLES: Readonly<Record<TimeUnit, string>> = {
  day: '35 or 5 weeks',
  week: '5 or 35 days',
  month: '24 or 2 years',
  year: '4 or 48 months',
};

/** The small numbers people write as words: "none", "two", "twelve weeks". */
const NUMBER_WORDS: readonly string[] = [
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty',
];
const WORD_VALUE: Readonly<Record<string, number>> = { none: 0, no: 0, ...Object.fromEntries(NUMBER_WORDS.map((w, i) => [w, i])) };

// 650000, 650,000, 650 000, 1.8, .5 (thousands separated by commas or single spaces).
const NUMBER = String.raw`(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+|\d+)(?:\.\d+)?|\.\d+`;
const TYPED = new RegExp(String.raw`^(-)?\s*(£|gbp\s*)?\s*(-)?\s*(${NUMBER})\s*(?:(thousand|million|billion|mn|bn|k|m)(?![a-z]))?\s*([%×a-z][%×a-z ]*)?$`, 'i');

/** The class of a unit as written or as a field states it ("pounds", "%", "× annual value", "days"). */
export function unitClass(unit: string | undefined): UnitClass {
  const u = (unit ?? '').trim().toLowerCase();
  if (u === '') return { kind: 'none' };
  // "pounds a year" is pounds too: the "a year" says what the sum is, not another unit.
  if (u === '£' || u === 'gbp' || /^(?:£|pounds?)(?:\s|$)/.test(u)) return { kind: 'pounds' };
  if (u === '%' || u.startsWith('% ') || u === 'percent' || u === 'per cent' || u === 'pc') return { kind: 'percent' };
  if (u === 'x' || u === '×' || u === 'times' || /^[x×]\s/.test(u)) return { kind: 'multiple' };
  const time = TIME_WORDS[u];
  if (time) return { kind: 'time', unit: time };
  return { kind: 'word', word: u };
}

/** A number as a person would type it, or undefined when the text is not one. */
export function readTypedNumber(text: string): TypedNumber | undefined {
  const m = TYPED.exec(text.trim());
  if (!m) return readNumberWord(text);
  const [, minus1, pound, minus2, digits, scale, rest] = m;
  if (minus1 && minus2) return undefined;
  const base = Number(digits!.replace(/[, ]/g, ''));
  const factor = scale ? SCALES[scale.toLowerCase()]! : 1;
  const value = Math.round((minus1 || minus2 ? -1 : 1) * base * factor * 1e6) / 1e6;
  if (!Number.isFinite(value)) return undefined;
  const written = unitClass(rest);
  if (pound && written.kind !== 'none' && written.kind !== 'pounds') return undefined; // "£10%": not a number anyone means
  return { value, unit: pound ? { kind: 'pounds' } : written, scaled: scale !== undefined };
}

/** "two", "twelve weeks", "none": a small number written as a word, with its unit if any. */
function readNumberWord(text: string): TypedNumber | undefined {
  const m = /^([a-z]+)(?:\s+([%×a-z][%×a-z ]*))?$/i.exec(text.trim());
  const value = m ? WORD_VALUE[m[1]!.toLowerCase()] : undefined;
  // "no" alone is the answer to a yes/no question, not a number; "no organisations" is 0.
  if (value === undefined || (m![1]!.toLowerCase() === 'no' && m![2] === undefined)) return undefined;
  return { value, unit: unitClass(m![2]), scaled: false };
}

const singular = (word: string) => word.replace(/s$/, '');

/**
 * The number for a field that takes `fieldUnit`, or undefined when what was written is in
 * another unit ("1 month" for days: a month is not a whole number of days).
 */
export function fitToUnit(n: TypedNumber, fieldUnit: string | undefined): number | undefined {
  const field = unitClass(fieldUnit);
  if (n.scaled && field.kind !== 'pounds' && field.kind !== 'none') return undefined;
  const w = n.unit;
  switch (w.kind) {
    case 'none':
      return n.value;
    case 'pounds':
    case 'percent':
    case 'multiple':
      return field.kind === w.kind ? n.value : undefined;
    case 'time': {
      if (field.kind !== 'time') return undefined;
      const factor = TIME_FACTORS[field.unit][w.unit];
      return factor === undefined ? undefined : n.value * factor;
    }
    case 'word': {
      if (field.kind === 'word') return singular(field.word) === singular(w.word) ? n.value : undefined;
      // "2 x annual value" for a field in "× annual value" was read as a multiple above.
      return undefined;
    }
  }
}

export type ReadNumber = { ok: true; value: number } | { ok: false; error: string };

/** What a field in `fieldUnit` takes, with an example: "this field is in days; type e.g. 35 or 5 weeks". */
export function unitHint(fieldUnit: string | undefined): string {
  const field = unitClass(fieldUnit);
  switch (field.kind) {
    case 'none':
      return 'this field is a plain number; type e.g. 5';
    case 'pounds':
      return `this field is in ${fieldUnit === '£' ? 'pounds' : fieldUnit}; type e.g. 650000, £650,000 or 650k`;
    case 'percent':
      return `this field is a percentage${/^%\s/.test(fieldUnit!.trim()) ? ` (${fieldUnit!.trim()})` : ''}; type e.g. 40 or 40%`;
    case 'multiple':
      return `this field is a multiple (${fieldUnit!.trim()}); type e.g. 2 or 2x`;
    case 'time':
      return `this field is in ${field.unit}s; type e.g. ${TIME_EXAMPLES[field.unit]}`;
    case 'word':
      return `this field is a number of ${field.word}; type e.g. 5`;
  }
}

/** What a number written with this unit is: "in months", "a percentage", "a number of lots". */
function writtenAs(u: UnitClass): string {
  switch (u.kind) {
    case 'none':
      return 'a plain number';
    case 'pounds':
      return 'in pounds';
    case 'percent':
      return 'a percentage';
    case 'multiple':
      return 'a multiple';
    case 'time':
      return `in ${u.unit}s`;
    case 'word':
      return `a number of ${u.word}`;
  }
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Text a person typed for a field in `fieldUnit`, as the field's number, or why not with the
 * right unit named: "That is in months, but this field is in days; type e.g. 35 or 5 weeks".
 */
export function readNumberFor(text: string, fieldUnit: string | undefined): ReadNumber {
  const n = readTypedNumber(text);
  if (!n) return { ok: false, error: capital(unitHint(fieldUnit)) };
  const value = fitToUnit(n, fieldUnit);
  if (value !== undefined) return { ok: true, value: Math.round(value * 1e6) / 1e6 };
  const written = n.scaled ? 'in thousands or millions' : writtenAs(n.unit);
  return { ok: false, error: `That is ${written}, but ${unitHint(fieldUnit)}` };
}

/**
 * A number with its unit as people read it: "1 organisation", "35 days", "40%",
 * "2 × annual value", "£12,000 a year". Whole-word units ending in s are made singular for 1.
 */
export function withUnit(value: number | string, unit: string | undefined): string {
  const shown = typeof value === 'number' ? formatNumber(value) : value;
  const w = unitWords(unit ?? '');
  if (w.kind === 'none') return shown;
  if (w.kind === 'percent') return `${shown}%${w.after}`;
  if (w.kind === 'pounds' && typeof value === 'number') return `£${shown}${w.after}`;
  return `${shown} ${value === 1 ? w.one : w.many}`;
}

interface UnitWords {
  kind: UnitClass['kind'];
  /** After a percentage or a sum in pounds: " a year" of "pounds a year". */
  after: string;
  /** After any other number: the unit as given, and for 1 ("1 day", "1 organisation"). */
  many: string;
  one: string;
}

/** A batch shows the same few units thousands of times: each is worked out once. */
const UNIT_WORDS = new Map<string, UnitWords>();
const UNITS_KEPT = 200;

function unitWords(unit: string): UnitWords {
  let w = UNIT_WORDS.get(unit);
  if (w) return w;
  const u = unit.trim();
  const kind = unitClass(u).kind;
  w = {
    kind,
    after: kind === 'percent' ? (u.startsWith('%') ? u.slice(1) : '') : kind === 'pounds' ? u.replace(/^(?:£|pounds?|gbp)/i, '') : '',
    many: u,
    // "1 × annual value" has no plural to drop.
    one: kind === 'multiple' ? u : u.replace(/([^s\s])s$/, '$1'),
  };
  if (UNIT_WORDS.size < UNITS_KEPT) UNIT_WORDS.set(unit, w);
  return w;
}

/** "a number in days", "a multiple of the annual value": what a number in the unit is, to say what to answer. */
export function aNumberIn(unit: string): string {
  return unitClass(unit).kind === 'multiple' ? `a multiple of the ${unit.trim().replace(/^[×x]\s*/i, '')}` : `a number in ${unit}`;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/**
 * A date as people in the UK write it ("1/9/2026", "01.09.2026", "1 September 2026", "1 Sept 2026")
 * as YYYY-MM-DD, or undefined when it is not a real date written one of those ways.
 */
export function readTypedDate(text: string): string | undefined {
  const t = text.trim().toLowerCase();
  let day: number;
  let month: number;
  let year: number;
  const numeric = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  const named = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$/.exec(t);
  if (numeric) {
    [day, month, year] = [Number(numeric[1]), Number(numeric[2]), Number(numeric[3])];
  } else if (named) {
    const name = named[2]!;
    // "sep", "sept" and "september"; at least three letters so that "ma" is not a guess.
    const index = name === 'sept' ? 8 : name.length >= 3 ? MONTHS.findIndex((m) => m.startsWith(name)) : -1;
    if (index < 0) return undefined;
    [day, month, year] = [Number(named[1]), index + 1, Number(named[3])];
  } else {
    return undefined;
  }
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : undefined;
}

/** yes / no / y / n (any case) as true / false, for a true-or-false field written in words. */
export function readTypedYesNo(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'yes' || t === 'y' || t === 'true') return true;
  if (t === 'no' || t === 'n' || t === 'false') return false;
  return undefined;
}
