/** Values as people type them: numbers with their units, UK dates, yes/no words (model/typed-values.ts). */
import { describe, expect, it } from 'vitest';
import { parseNumber } from '../src/interview/fields.js';
import { procurementFields } from '../src/model/field-table.js';
import { fitToUnit, readNumberFor, readTypedDate, readTypedNumber, readTypedYesNo, unitClass, withUnit } from '../src/model/typed-values.js';
import { builtInLibrary } from './helpers.js';

describe('numbers as people type them', () => {
  it('reads pounds, thousands and millions, percentages, multiples and time', () => {
    expect(readTypedNumber('£650,000')).toEqual({ value: 650000, unit: { kind: 'pounds' }, scaled: false });
    expect(readTypedNumber('650k')).toEqual({ value: 650000, unit: { kind: 'none' }, scaled: true });
    expect(readTypedNumber('£1.8m')?.value).toBe(1_800_000);
    expect(readTypedNumber('£2.3 million')?.value).toBe(2_300_000);
    expect(readTypedNumber('1bn')?.value).toBe(1e9);
    expect(readTypedNumber('650 000')?.value).toBe(650000);
    expect(readTypedNumber(' 10 % ')).toEqual({ value: 10, unit: { kind: 'percent' }, scaled: false });
    expect(readTypedNumber('2x')?.unit).toEqual({ kind: 'multiple' });
    expect(readTypedNumber('2 times')?.unit).toEqual({ kind: 'multiple' });
    expect(readTypedNumber('4 weeks')).toEqual({ value: 4, unit: { kind: 'time', unit: 'week' }, scaled: false });
    expect(readTypedNumber('-£5')?.value).toBe(-5);
    for (const no of ['', 'lots', '£', '1,00', '1e400', '£10%', '--5', 'twentyone', 'no', 'a few']) expect(readTypedNumber(no), no).toBeUndefined();
  });

  it('converts only where the conversion is exact, and only to the unit the field takes', () => {
    const n = (t: string) => readTypedNumber(t)!;
    expect(fitToUnit(n('4 weeks'), 'days')).toBe(28);
    expect(fitToUnit(n('3 years'), 'months')).toBe(36);
    expect(fitToUnit(n('3 years'), 'years')).toBe(3);
    expect(fitToUnit(n('1 month'), 'days')).toBeUndefined();
    expect(fitToUnit(n('90 days'), 'months')).toBeUndefined();
    expect(fitToUnit(n('10%'), 'pounds')).toBeUndefined();
    expect(fitToUnit(n('£10'), '%')).toBeUndefined();
    expect(fitToUnit(n('10%'), '% of lots')).toBe(10);
    expect(fitToUnit(n('2x'), '× annual value')).toBe(2);
    expect(fitToUnit(n('5 organisations'), 'organisations')).toBe(5);
    expect(fitToUnit(n('1 organisation'), 'organisations')).toBe(1);
    expect(fitToUnit(n('5 lots'), 'organisations')).toBeUndefined();
    expect(fitToUnit(n('2k'), 'days')).toBeUndefined(); // thousands are for money
    expect(fitToUnit(n('2k'), 'pounds')).toBe(2000);
  });

  it('reads UK dates and yes/no words', () => {
    expect(readTypedDate('1/9/2026')).toBe('2026-09-01');
    expect(readTypedDate('01.09.2026')).toBe('2026-09-01');
    expect(readTypedDate('1 September 2026')).toBe('2026-09-01');
    expect(readTypedDate('1st Sept 2026')).toBe('2026-09-01');
    expect(readTypedDate('30/02/2026')).toBeUndefined();
    expect(readTypedDate('9/1/26')).toBeUndefined();
    expect(readTypedDate('1 Ma 2026')).toBeUndefined();
    expect([readTypedYesNo('Yes'), readTypedYesNo('n'), readTypedYesNo('maybe')]).toEqual([true, false, undefined]);
  });

  it('leaves the interview\'s number parsing as it was, and reads units as the loader does', () => {
    expect(parseNumber('£1,800,000', { unit: '£', min: 0 })).toEqual({ ok: true, value: 1_800_000 });
    expect(parseNumber('1.8m', { unit: '£', min: 0 })).toEqual({ ok: true, value: 1_800_000 });
    expect(parseNumber('15%', { unit: '%', min: 0, max: 100 })).toEqual({ ok: true, value: 15 });
    expect(parseNumber('4 weeks', { unit: 'days', min: 0, integer: true })).toEqual({ ok: true, value: 28 });
    expect(parseNumber('1 month', { unit: 'days', min: 0, integer: true })).toEqual({ ok: false, error: 'That is in months, but this field is in days; type e.g. 35 or 5 weeks' });
    expect(parseNumber('3 lots', { unit: 'lots', min: 1, integer: true })).toEqual({ ok: true, value: 3 });
    expect(parseNumber('2 times', { unit: '× annual value', min: 0 })).toEqual({ ok: true, value: 2 });
    expect(parseNumber('two', { unit: 'organisations', min: 0, integer: true })).toEqual({ ok: true, value: 2 });
    expect(parseNumber('0', { unit: 'lots', min: 1, integer: true })).toEqual({ ok: false, error: 'It must be at least 1 lot' });
  });
});

describe('small numbers written as words', () => {
  it('reads none, zero and one to twenty, alone or with a unit', () => {
    expect(readTypedNumber('none')).toEqual({ value: 0, unit: { kind: 'none' }, scaled: false });
    expect(readTypedNumber('Zero')?.value).toBe(0);
    expect(readTypedNumber('two')).toEqual({ value: 2, unit: { kind: 'none' }, scaled: false });
    expect(readTypedNumber('twelve')?.value).toBe(12);
    expect(readTypedNumber('twenty')?.value).toBe(20);
    expect(readTypedNumber('four weeks')).toEqual({ value: 4, unit: { kind: 'time', unit: 'week' }, scaled: false });
    expect(readTypedNumber('no organisations')).toEqual({ value: 0, unit: { kind: 'word', word: 'organisations' }, scaled: false });
    expect(readNumberFor('one organisation', 'organisations')).toEqual({ ok: true, value: 1 });
    expect(readNumberFor('three years', 'months')).toEqual({ ok: true, value: 36 });
  });
});

describe('numbers for a field, in the field\'s unit', () => {
  it('accepts every way the issue lists, converting to the field\'s unit', () => {
    const accepted: [string, string, number][] = [
      ['25 days', 'days', 25],
      ['4 weeks', 'days', 28],
      ['18 months', 'months', 18],
      ['4 years', 'months', 48],
      ['18 months', 'years', 1.5],
      ['4 years', 'years', 4],
      ['2x', '× annual value', 2],
      ['2×', '× annual value', 2],
      ['2 times', '× annual value', 2],
      ['40%', '%', 40],
      ['40%', '% of neighbourhoods', 40],
      ['£1,100,000', 'pounds', 1_100_000],
      ['2.4m', 'pounds', 2_400_000],
      ['750k', 'pounds', 750_000],
      ['£12,000', 'pounds a year', 12_000],
      ['two', 'organisations', 2],
      ['none', 'questions', 0],
      ['twenty days', 'days', 20],
    ];
    for (const [text, unit, value] of accepted) expect(readNumberFor(text, unit), `${text} for ${unit}`).toEqual({ ok: true, value });
  });

  it('refuses the wrong unit and names the right one, with an example', () => {
    expect(readNumberFor('1 month', 'days')).toEqual({ ok: false, error: 'That is in months, but this field is in days; type e.g. 35 or 5 weeks' });
    expect(readNumberFor('40%', 'days')).toEqual({ ok: false, error: 'That is a percentage, but this field is in days; type e.g. 35 or 5 weeks' });
    expect(readNumberFor('90 days', 'months')).toEqual({ ok: false, error: 'That is in days, but this field is in months; type e.g. 24 or 2 years' });
    expect(readNumberFor('5 weeks', '%')).toEqual({ ok: false, error: 'That is in weeks, but this field is a percentage; type e.g. 40 or 40%' });
    expect(readNumberFor('£5', '× annual value')).toEqual({ ok: false, error: 'That is in pounds, but this field is a multiple (× annual value); type e.g. 2 or 2x' });
    expect(readNumberFor('10%', 'pounds')).toEqual({ ok: false, error: 'That is a percentage, but this field is in pounds; type e.g. 650000, £650,000 or 650k' });
    expect(readNumberFor('2k', 'days')).toEqual({ ok: false, error: 'That is in thousands or millions, but this field is in days; type e.g. 35 or 5 weeks' });
    expect(readNumberFor('3 lots', 'organisations')).toEqual({ ok: false, error: 'That is a number of lots, but this field is a number of organisations; type e.g. 5' });
    expect(readNumberFor('lots', 'days')).toEqual({ ok: false, error: 'This field is in days; type e.g. 35 or 5 weeks' });
  });

  // The units come from the facts table and the rubrics: no field has code of its own.
  const library = builtInLibrary();
  const units = [
    ...procurementFields().filter((f) => f.kind === 'number').map((f) => ({ where: `procurement.${f.path.join('.')}`, unit: f.meta.unit })),
    ...[...library.questions.values()].flatMap(({ question: q }) => (q.type === 'number' ? [{ where: q.id, unit: q.unit }] : [])),
  ];

  it('reads the unit of every number field and number question, and takes a number written in it', () => {
    expect(units.length).toBeGreaterThan(15);
    for (const { where, unit } of units) {
      expect(unit, where).toBeTruthy();
      const u = unitClass(unit);
      const written = u.kind === 'pounds' ? '£3' : u.kind === 'percent' ? '3%' : u.kind === 'multiple' ? '3x' : `three ${unit}`;
      expect(readNumberFor(written, unit), `${where}: ${written}`).toEqual({ ok: true, value: 3 });
      expect(readNumberFor('3', unit), where).toEqual({ ok: true, value: 3 });
    }
  });

  it('refuses, for every number field and question, a number in another unit, naming the field\'s', () => {
    for (const { where, unit } of units) {
      const u = unitClass(unit);
      const wrong = u.kind === 'time' || u.kind === 'word' ? '3%' : '3 fortnights';
      const r = readNumberFor(wrong, unit);
      expect(r.ok, `${where}: ${wrong}`).toBe(false);
      const named = u.kind === 'time' ? `${u.unit}s` : u.kind === 'percent' ? 'percentage' : u.kind === 'multiple' ? unit! : u.kind === 'pounds' ? 'pounds' : unit!;
      expect(!r.ok && r.error, where).toContain(`but this field is`);
      expect(!r.ok && r.error, where).toContain(named);
    }
  });
});

describe('a number with its unit, for reports and messages', () => {
  it('says 1 organisation, 1 day and 1 year; 2 organisations; 40%; £12,000 a year', () => {
    expect(withUnit(1, 'organisations')).toBe('1 organisation');
    expect(withUnit(2, 'organisations')).toBe('2 organisations');
    expect(withUnit(1, 'days')).toBe('1 day');
    expect(withUnit(1, 'years')).toBe('1 year');
    expect(withUnit(1.5, 'years')).toBe('1.5 years');
    expect(withUnit(0, 'questions')).toBe('0 questions');
    expect(withUnit(1, 'questions')).toBe('1 question');
    expect(withUnit(40, '%')).toBe('40%');
    expect(withUnit(40, '% of neighbourhoods')).toBe('40% of neighbourhoods');
    expect(withUnit(12000, 'pounds a year')).toBe('£12,000 a year');
    expect(withUnit(1, '× annual value')).toBe('1 × annual value');
    expect(withUnit(6857143, 'pounds')).toBe('£6,857,143');
    expect(withUnit(3, undefined)).toBe('3');
    expect(withUnit(1, 'local organisations')).toBe('1 local organisation');
    expect(withUnit(1, 'quality questions')).toBe('1 quality question');
  });
});

describe('dates the interview takes (issue 25: UK dates were refused)', () => {
  it('takes YYYY-MM-DD and UK dates, keeping them as YYYY-MM-DD, and refuses days that do not exist', async () => {
    const { parseDate } = await import('../src/interview/fields.js');
    expect(parseDate('2027-01-31')).toEqual({ ok: true, value: '2027-01-31' });
    expect(parseDate('31/01/2027')).toEqual({ ok: true, value: '2027-01-31' });
    expect(parseDate(' 1 March 2027 ')).toEqual({ ok: true, value: '2027-03-01' });
    for (const bad of ['31/02/2027', '2027-02-30', '1 March', '01/31/2027']) expect(parseDate(bad).ok, bad).toBe(false);
  });
});
