/**
 * Law keys in rubric texts (src/model/law-text.ts): a `[[...]]` segment shows with the citation
 * where its provision applies and disappears, whole, where it does not.
 */
import { describe, expect, it } from 'vitest';
import { lawTextProblems, NO_CITATIONS, withLaw } from '../src/model/law-text.js';
import { deriveProcurementFacts } from '../src/facts/procurement-facts.js';
import { assess } from '../src/score/score.js';
import { builtInLibrary, contractFrom, MINIMAL_CONTRACT } from './helpers.js';

const library = builtInLibrary();
const text = 'Divide the contract into lots[[ ({law:lots-duty} asks the buyer to consider them)]], or publish the reasons.';

describe('withLaw', () => {
  it('shows a segment with its citation where the provision applies', () => {
    expect(withLaw(text, new Map([['lots-duty', 'PA23 s.18']]))).toBe('Divide the contract into lots (PA23 s.18 asks the buyer to consider them), or publish the reasons.');
  });

  it('leaves the whole segment out where it does not apply, or applies without a citation, and the sentence reads whole', () => {
    const without = 'Divide the contract into lots, or publish the reasons.';
    expect(withLaw(text, NO_CITATIONS)).toBe(without);
    expect(withLaw(text, new Map([['lots-duty', '']]))).toBe(without);
    expect(withLaw(text, new Map([['social-value-act', 'X']]))).toBe(without);
  });

  it('needs every provision a segment names', () => {
    const two = 'A[[ ({law:a} and {law:b})]].';
    expect(withLaw(two, new Map([['a', 'A1']]))).toBe('A.');
    expect(withLaw(two, new Map([['a', 'A1'], ['b', 'B1']]))).toBe('A (A1 and B1).');
  });

  it('finds keys outside segments, empty segments, unclosed ones and unknown provisions', () => {
    const known = new Set(['lots-duty']);
    expect(lawTextProblems(text, known)).toEqual([]);
    expect(lawTextProblems('See {law:lots-duty}.', known).map((p) => p.message)).toEqual([expect.stringMatching(/outside a \[\[\.\.\.\]\] segment/)]);
    expect(lawTextProblems('A[[ (no key)]].', known).map((p) => p.message)).toEqual([expect.stringMatching(/names no provision/)]);
    expect(lawTextProblems('A[[ ({law:lots-duty}).', known).map((p) => p.message)).toEqual(expect.arrayContaining([expect.stringMatching(/without its/)]));
    expect(lawTextProblems('A[[ ({law:lots})]].', known).map((p) => p.message)).toEqual([expect.stringMatching(/unknown provision "lots"/)]);
  });
});

describe('the regime in force decides', () => {
  const contract = (value: number, extra = '') =>
    contractFrom(MINIMAL_CONTRACT.replace('contract_type: services', `contract_type: services\n  procurement_start: 2026-06-01\n  value: { amount: ${value}, currency: GBP, vat: included, includes_extensions: true }${extra}`), library);

  it('the first entry of a feature whose condition holds gives its citation (the Social Value Act above the threshold, none below)', () => {
    expect(deriveProcurementFacts(contract(300000).procurement, library.policy).regime!.citations.get('social-value-act')).toBe('Public Services (Social Value) Act 2012 s.1');
    expect(deriveProcurementFacts(contract(100000).procurement, library.policy).regime!.citations.get('social-value-act')).toBe('');
  });

  it('advice the law does not allow is not given: reserving only below the threshold (when_law, unless_law)', () => {
    const s43 = (value: number) => assess(library, contract(value)).rubrics[0]!.areas[3]!.questions.find((q) => q.id === 'S4.3')!;
    expect(s43(100000).recommendation!.do).toMatch(/^Reserve the competition to suppliers in the local area/);
    expect(s43(300000).recommendation!.do).toMatch(/^Divide the contract into lots \(PA23 s\.18 asks the buyer to consider them\)/);
    expect(s43(300000).recommendation!.do).not.toMatch(/reserve/i);
  });
});
