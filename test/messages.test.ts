/**
 * Messages that say what to write: a value typed as people type it ("£650,000", "10%", "4 weeks")
 * gets the value to write instead, made from the facts table (kind, unit, bounds, example), never
 * from text written for one field.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContract } from '../src/load/contract.js';
import type { Diagnostic } from '../src/load/diagnostic.js';
import { procurementFields } from '../src/model/field-table.js';
import { builtInLibrary, runCli, tempDir } from './helpers.js';

const library = builtInLibrary();

const HEAD = 'kil: 1\nprocurement:\n  title: T\n  buyer: { name: B, type: sub-central, nation: england }\n  contract_type: services\n';

function problems(body: string): Diagnostic[] {
  const r = loadContract({ file: 'c.yaml', text: HEAD + body }, library);
  expect(r.contract).toBeUndefined();
  return r.diagnostics;
}

/** The one problem at a field ("procurement.value.amount ..."), as line:col: message. */
function problemAt(body: string, where: string): Diagnostic {
  const found = problems(body).filter((d) => d.message.startsWith(`${where} `) || d.message.startsWith(`${where}:`) || d.message.startsWith(`answer to ${where} `));
  expect(found, JSON.stringify(problems(body))).toHaveLength(1);
  return found[0]!;
}

const VALUE = (amount: string) => `  value:\n    amount: ${amount}\n    currency: GBP\n    vat: exempt\n    includes_extensions: true\n`;

/** Each example of the issue: the text written, where, and the message and code kil gives. */
const EXAMPLES: { body: string; where: string; code: string; message: string }[] = [
  {
    body: '  evaluation:\n    price_pct: 40\n    quality_pct: 50\n    social_value_pct: 10%\n',
    where: 'procurement.evaluation.social_value_pct',
    code: 'wrong-type',
    message: 'procurement.evaluation.social_value_pct is the text "10%"; write 10 (a number from 0 to 100, no % sign)',
  },
  {
    body: VALUE('£650,000'),
    where: 'procurement.value.amount',
    code: 'wrong-type',
    message: 'procurement.value.amount is the text "£650,000"; write 650000 (a number in pounds, no £ sign or commas)',
  },
  {
    body: VALUE('650k'),
    where: 'procurement.value.amount',
    code: 'wrong-type',
    message: 'procurement.value.amount is the text "650k"; write 650000 (a number in pounds, no £ sign or commas)',
  },
  {
    body: '  tender_window_days: 4 weeks\n',
    where: 'procurement.tender_window_days',
    code: 'wrong-type',
    message: 'procurement.tender_window_days is the text "4 weeks"; write 28 (a whole number of days)',
  },
  {
    body: '  duration:\n    initial_months: 3 years\n',
    where: 'procurement.duration.initial_months',
    code: 'wrong-type',
    message: 'procurement.duration.initial_months is the text "3 years"; write 36 (a whole number of months)',
  },
  {
    body: '  tender_window_days: 1 month\n',
    where: 'procurement.tender_window_days',
    code: 'wrong-type',
    message: 'procurement.tender_window_days is the text "1 month", but it takes days; write a whole number of days, e.g. 35',
  },
  {
    body: '  max_turnover_multiple: 2x\n',
    where: 'procurement.max_turnover_multiple',
    code: 'wrong-type',
    message: 'procurement.max_turnover_multiple is the text "2x"; write 2 (a number of times the annual value, no "x")',
  },
  {
    body: '  evaluation:\n    price_pct: 40\n    quality_pct: 50\n    social_value_pct: 20\n',
    where: 'procurement.evaluation',
    code: 'sum-not-100',
    message: 'procurement.evaluation: price_pct 40 + quality_pct 50 + social_value_pct 20 add up to 110; they must add up to 100',
  },
  {
    body: 'answers:\n  S2.2: Yes\n',
    where: 'S2.2',
    code: 'bad-answer',
    message: 'answer to S2.2 is "Yes"; did you mean "yes"? use yes, partly or no',
  },
];

describe('messages that say what to write', () => {
  it.each(EXAMPLES)('$message', ({ body, where, code, message }) => {
    const d = problemAt(body, where);
    expect(d.message).toBe(message);
    expect(d.code).toBe(code);
  });

  it('says the same end to end, as file:line:col on stderr with exit 2', () => {
    const dir = tempDir();
    EXAMPLES.forEach((e, i) => writeFileSync(join(dir, `e${i}.yaml`), HEAD + e.body));
    EXAMPLES.forEach((e, i) => {
      const r = runCli(['assess', join(dir, `e${i}.yaml`), '-o', '-', '-q']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const line = r.stderr.split('\n').find((l) => l.includes(e.message));
      expect(line, r.stderr).toMatch(new RegExp(`^${join(dir, `e${i}.yaml`).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `));
    });
  });

  it('reads every number fact written as people write it, from the table, not field by field', () => {
    // For every number field: its example decorated the way people type its unit must give "write <example>".
    const numbers = procurementFields().filter((f) => f.kind === 'number' && typeof f.meta.example === 'number' && f.meta.unit);
    expect(numbers.length).toBeGreaterThanOrEqual(10);
    for (const f of numbers) {
      const example = f.meta.example as number;
      const unit = f.meta.unit!;
      const typed = unit === 'pounds' ? `£${example.toLocaleString('en-GB')}` : unit === '%' ? `${example}%` : unit.startsWith('×') ? `${example}x` : `${example} ${unit}`;
      // The field at its path, with its group around it: the other fields of the group may be missing, that is fine.
      const indent = (depth: number) => '  '.repeat(depth + 1);
      const body = f.path.map((k, i) => `${indent(i)}${k}:${i === f.path.length - 1 ? ` ${typed}` : ''}\n`).join('');
      const where = `procurement.${f.path.join('.')}`;
      const d = problems(body).find((x) => x.message.startsWith(`${where} `));
      expect(d?.message, `${where}: ${typed}`).toMatch(new RegExp(`^${where.replace(/\./g, '\\.')} is the text ".*"; write ${example} \\(`));
      expect(d!.code).toBe('wrong-type');
    }
  });

  it('says what to write for other kinds of fact too: yes/no, lists, dates, lots', () => {
    expect(problemAt(VALUE('1800000').replace('includes_extensions: true', 'includes_extensions: yes'), 'procurement.value.includes_extensions').message).toBe(
      'procurement.value.includes_extensions is the text "yes"; write true (true or false)',
    );
    expect(problemAt('  place:\n    name: X\n    neighbourhoods: North, South\n', 'procurement.place.neighbourhoods').message).toBe(
      'procurement.place.neighbourhoods is the text "North, South"; write [North, South] (a list)',
    );
    expect(problemAt('  start_date: 01/09/2026\n', 'procurement.start_date')).toMatchObject({
      code: 'bad-date',
      message: 'procurement.start_date is the text "01/09/2026"; write 2026-09-01 (a date written YYYY-MM-DD)',
    });
    expect(problemAt('  start_date: 2026-02-30\n', 'procurement.start_date')).toMatchObject({ code: 'bad-date' });
    expect(problemAt('  lots:\n    - { id: a, value: £600k }\n', 'procurement.lots[0].value').message).toBe(
      'procurement.lots[0].value is the text "£600k"; write 600000 (a number in pounds, no £ sign or commas)',
    );
  });

  it('gives the example when it cannot read the value, and says which unit a field takes', () => {
    expect(problemAt(VALUE('lots'), 'procurement.value.amount').message).toBe(
      'procurement.value.amount must be a number, but it is the text "lots"; write a number in pounds, no £ sign or commas, e.g. 1800000',
    );
    expect(problemAt(VALUE('10%'), 'procurement.value.amount').message).toBe(
      'procurement.value.amount is the text "10%", but it takes pounds; write a number in pounds, no £ sign or commas, e.g. 1800000',
    );
    expect(problemAt('  tender_window_days: 1.5\n', 'procurement.tender_window_days')).toMatchObject({
      code: 'not-whole-number',
      message: 'procurement.tender_window_days must be a whole number, but it is the number 1.5; write a whole number of days, e.g. 35',
    });
    const missing = loadContract({ file: 'c.yaml', text: 'kil: 1\nprocurement:\n  buyer: { name: B, type: sub-central }\n  contract_type: services\n' }, library).diagnostics;
    expect(missing.map((d) => [d.code, d.message])).toEqual([
      ['missing-field', 'missing required field procurement.title; add it, e.g. title: Community mental health support'],
      ['missing-field', 'missing required field procurement.buyer.nation; add it, e.g. nation: england'],
    ]);
  });

  it('says what to write in answers to number and yes/no questions', () => {
    expect(problemAt('answers:\n  S3.2: 4 weeks\n', 'S3.2').message).toBe('answer to S3.2 is the text "4 weeks"; write 28 (a whole number of days)');
    expect(problemAt('answers:\n  S1.2: true\n', 'S1.2').message).toBe('answer to S1.2 is true; did you mean "yes"? use yes, partly or no');
    expect(problemAt('answers:\n  S1.2: maybe\n', 'S1.2').message).toBe('answer to S1.2 is "maybe"; use yes, partly or no');
  });
});
