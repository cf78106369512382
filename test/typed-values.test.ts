/** Values as people type them: numbers with their units, UK dates, yes/no words (model/typed-values.ts). */
import { describe, expect, it } from 'vitest';
import { parseNumber } from '../src/interview/fields.js';
import { fitToUnit, readTypedDate, readTypedNumber, readTypedYesNo } from '../src/model/typed-values.js';

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
    for (const no of ['', 'lots', '£', '1,00', '1e400', '£10%', '--5', 'twelve']) expect(readTypedNumber(no), no).toBeUndefined();
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
    expect(parseNumber('1 month', { unit: 'days', min: 0, integer: true })).toEqual({ ok: false, error: 'Type a number in days, e.g. 5' });
    expect(parseNumber('3 lots', { unit: 'lots', min: 1, integer: true })).toEqual({ ok: true, value: 3 });
  });
});
