import { describe, expect, it } from 'vitest';
import { loadContract } from '../src/load/contract.js';
import { loadRubricLibrary } from '../src/load/rubrics.js';
import { assess } from '../src/score/score.js';
import { procurementFields } from '../src/model/field-table.js';
import { renderTemplate } from '../src/render/template.js';
import { builtInLibrary, exampleNames, exampleText, MINIMAL_CONTRACT, rubricSources } from './helpers.js';

const library = builtInLibrary();
const load = (text: string) => loadContract({ file: 'c.yaml', text }, library);
const messages = (text: string) => load(text).diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`);

describe('loadContract', () => {
  it('loads every bundled example without errors or warnings', () => {
    for (const name of exampleNames()) {
      const r = loadContract({ file: name, text: exampleText(name) }, library);
      expect(r.diagnostics, name).toEqual([]);
      expect(r.contract, name).toBeDefined();
    }
  });

  it('accepts shorthand answers and null for "not sure yet"', () => {
    const r = load(MINIMAL_CONTRACT.replace('answers: {}', 'answers:\n  S1.2: yes\n  S1.1: { value: 3, note: JSNA }\n  S5.2: null\n'));
    expect(r.contract!.answers).toEqual({ 'S1.2': { value: 'yes' }, 'S1.1': { value: 3, note: 'JSNA' }, 'S5.2': { value: null } });
  });

  it('suggests the nearest field for a misspelling, with its position', () => {
    const text = MINIMAL_CONTRACT.replace('  contract_type: services', '  contract_type: services\n  tender_window: 30');
    expect(messages(text)).toEqual(['6:3: unknown field "tender_window" in procurement; did you mean "tender_window_days"?']);
  });

  it('reports an unknown question id with a suggestion', () => {
    const m = messages(MINIMAL_CONTRACT.replace('answers: {}', 'answers:\n  S1.22: yes'));
    expect(m).toEqual(['7:3: unknown question id "S1.22"; did you mean "S1.2"?']);
  });

  it('reports answers outside the options, naming what is allowed', () => {
    const m = messages(MINIMAL_CONTRACT.replace('answers: {}', 'answers:\n  S1.2: maybe\n  S1.1: { value: 7 }\n  S4.2: -1\n  S4.3: several-lot\n  S1.3: n/a'));
    expect(m).toEqual([
      '7:9: answer to S1.2 is "maybe"; use yes, partly or no',
      '8:18: answer to S1.1 is 7; use a level from 0 to 4 (run "kil rubric show" to read what each level means)',
      '9:9: answer to S4.2 is -1; it must be at least 0 organisations',
      // An unlotted contract is one lot, so the facts settle S4.3 and the answer is also ignored.
      '10:3: answer to S4.3 is ignored because the procurement facts settle it (how the competition is opened to small providers: divided, capped, or reserved below the threshold where the law allows (procurement.lots, single_lot_reasons_published, max_lots_per_bidder, reservation, sme_vcse_only; the threshold)); remove the answer, or remove the fact if it is not settled',
      '10:9: answer to S4.3 is "several-lot"; did you mean "several-lots"? use single-lot-no-reasons, single-lot-with-reasons, single-lot-below-threshold, several-lots, several-lots-with-cap or reserved',
      '11:9: answer to S1.3 cannot be "n/a": this question always applies; give an answer or leave it empty',
    ]);
  });

  it('reports wrong types, bad dates, and a missing required field, all at once', () => {
    const text = `kil: 1
procurement:
  title: X
  buyer: { name: B, type: council, nation: england }
  contract_type: services
  start_date: 2026-02-30
  tender_window_days: thirty
`;
    expect(messages(text)).toEqual([
      '4:27: procurement.buyer.type is the text "council", which is not allowed; use "sub-central" or "central"',
      '6:15: procurement.start_date is not a real calendar date; correct the value, e.g. 2026-09-01',
      '7:23: procurement.tender_window_days must be a number, but it is the text "thirty"; write a whole number of days, e.g. 35',
    ]);
    expect(messages('kil: 1\nprocurement:\n  buyer: { name: B, type: central, nation: england }\n  contract_type: goods\n')).toEqual([
      '3:3: missing required field procurement.title; add it, e.g. title: Community mental health support',
    ]);
  });

  it('refuses negative money and percentages over 100', () => {
    const text = MINIMAL_CONTRACT.replace(
      '  contract_type: services',
      '  contract_type: services\n  value: { amount: -5, currency: GBP, vat: included, includes_extensions: true }\n  expected_local_spend_pct: 140',
    );
    expect(messages(text)).toEqual([
      '6:20: procurement.value.amount must not be negative; correct the value',
      '7:29: procurement.expected_local_spend_pct must be between 0 and 100; correct the value',
    ]);
  });

  it('needs the format version', () => {
    expect(messages(MINIMAL_CONTRACT.replace('kil: 1', 'kil: 2'))[0]).toMatch(/^1:6: kil must be 1 \(the contract file format version\)/);
  });

  it('warns, without failing, when an answer is given for a question the facts settle', () => {
    const r = load(MINIMAL_CONTRACT.replace('  contract_type: services', '  contract_type: services\n  tender_window_days: 30').replace('answers: {}', 'answers:\n  S3.2: 10'));
    expect(r.contract).toBeDefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ severity: 'warning', line: 8, col: 3 });
  });

  it('rejects a document that is not a block of fields', () => {
    expect(messages('- a\n- b\n')[0]).toMatch(/must be a block of fields/);
  });
});

describe('placeholders left from kil init', () => {
  const starters = procurementFields().filter((f) => f.meta.starter !== undefined);

  it('warn, at the field, for every starter value in the facts table that the template holds', () => {
    expect(starters.map((f) => f.path.join('.'))).toEqual(['title', 'buyer.name']);
    const template = renderTemplate(library);
    const r = load(template);
    expect(r.contract).toBeDefined(); // a warning, not an error
    const placeholders = r.diagnostics.filter((d) => d.code === 'placeholder');
    expect(placeholders.map((d) => [d.severity, d.message])).toEqual(
      starters.map((f) => ['warning', `procurement.${f.path.join('.')} is still "${String(f.meta.starter)}", the placeholder kil init wrote; replace it with the real ${f.meta.label.replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase())}`]),
    );
    const lines = template.split('\n');
    for (const [i, f] of starters.entries()) expect(lines[placeholders[i]!.line - 1], f.path.join('.')).toContain(`${f.path.at(-1)}: ${String(f.meta.starter)}`);
  });

  it('do not warn once the values are real, or for a title that merely contains the words', () => {
    expect(load(MINIMAL_CONTRACT).diagnostics).toEqual([]);
    const close = MINIMAL_CONTRACT.replace('title: Test service', 'title: Untitled procurement of home care').replace('name: Test Council', 'name: Your council services');
    expect(load(close).diagnostics).toEqual([]);
    const one = load(MINIMAL_CONTRACT.replace('name: Test Council', 'name: Your council'));
    expect(one.diagnostics.map((d) => `${d.line}:${d.col}: ${d.code}`)).toEqual(['4:18: placeholder']);
  });
});

describe('an answer written for an earlier version of a question', () => {
  it('loads with a warning and counts as what it stands for now (P5.2 was yes/partly/no, now a count)', () => {
    const text = MINIMAL_CONTRACT.replace('answers: {}', 'answers:\n  P5.2: partly');
    const r = loadContract({ file: 'c.yaml', text }, library);
    expect(r.diagnostics.map((d) => `${d.line}:${d.col}: ${d.severity}: ${d.code}: ${d.message}`)).toEqual([
      '7:9: warning: earlier-answer: answer to P5.2 is "partly", as an earlier version of the question was answered; read as 1: write 1 instead',
    ]);
    const p52 = assess(library, r.contract!).rubrics[1]!.areas[4]!.questions.find((q) => q.id === 'P5.2')!;
    expect(p52).toMatchObject({ status: 'answered', value: 1, score: 35 });
  });

  it('must stand for a valid answer: kil rubric validate refuses one that does not', () => {
    const sources = rubricSources().map((s) => (s.file.endsWith('six-principles.yaml') ? { ...s, text: s.text.replace('earlier_answers: { "yes": 3,', 'earlier_answers: { "yes": 7,') } : s));
    const { library: lib, diagnostics } = loadRubricLibrary(sources);
    expect(lib).toBeUndefined();
    expect(diagnostics.map((d) => `${d.code}: ${d.message}`)).toContain('bad-answer: the answer is 7; it must be at most 3 practices');
  });
});
