/**
 * The validity properties (src/validity): the definition of the rubric being valid. On the shipped
 * rubrics every property holds; broken the way rubric 1.0.0 was, the right property fails with a
 * counterexample. `npm run fuzz` runs 20,000 cases a property (KIL_FUZZ_RUNS).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { assess } from '../src/score/score.js';
import { checkRubricProperties, propertyList } from '../src/validity/properties.js';
import { lengthPeakYears } from '../src/validity/changes.js';
import type { Contract } from '../src/model/contract.js';
import { builtInLibrary, editedLibrary, editedSources, runCli, tempDir } from './helpers.js';

const RUNS = Number(process.env.KIL_FUZZ_RUNS ?? 150);
const SEED = Number(process.env.KIL_FUZZ_SEED ?? 20261122);
const library = builtInLibrary();

/** Run the properties and say which failed, with the counterexample's change, for a readable failure. */
function failures(lib = library, only?: string[], runs = RUNS): string[] {
  const results = checkRubricProperties(lib, { runs, seed: SEED, ...(only ? { only } : {}) });
  if (process.env.KIL_FUZZ_RUNS) for (const r of results) console.log(`properties: ${r.id}: ${r.runs} cases, ${r.passed ? 'holds' : 'FAILS'}`);
  return results.filter((r) => !r.passed).map((r) => `${r.id}: ${r.counterexample?.change} (${r.counterexample?.scoreBefore} → ${r.counterexample?.scoreAfter})`);
}

describe('the validity properties', () => {
  // 20 properties at 20,000 cases took 6 minutes on a quiet 2-core machine and 21 on a busy one.
  it('hold on the shipped rubrics', () => {
    expect(failures()).toEqual([]);
  }, Math.max(600_000, RUNS * 20 * 10));

  it('find the length peak in the rubric: 3 years in 2.0.0, none without a length question', () => {
    expect(lengthPeakYears(library)).toBe(3);
  });

  // Each sabotage puts back one way rubric 1.0.0 was broken; the property that guards it must fail.
  const sabotage = (only: string[], ...edits: [string, string, string][]) => failures(editedLibrary(...edits), only, 300);

  it('fail when crossing the threshold raises a score (1.0.0: reservation n/a above it and 0 below)', () => {
    const failed = sabotage(['value-grows', 'value-shrinks'], ['five-steps.yaml', 'label: One lot and no published reasons, score: 0', 'label: One lot and no published reasons, score: 100']);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.join('\n')).toMatch(/^value-(grows|shrinks): value £[\d,]+ → £[\d,]+/m);
  });

  it('fail when a longer contract earns more beyond the peak (1.0.0: full marks from 5 years on, for ever)', () => {
    const failed = sabotage(['longer-beyond-peak'], ['six-principles.yaml', '          - { above: 10, score: 25,', '          - { above: 10, score: 100,']);
    // The peak is 3 years, and 11 years now scores 100 again where 8 scored 50: longer rises.
    expect(failed).toEqual([expect.stringMatching(/^longer-beyond-peak: length [\d.]+ → [\d.]+ years/)]);
  });

  it('fail when losing full cost recovery or paying slower scores higher', () => {
    const failed = sabotage(['full-cost-recovery-removed', 'payment-slower'], ['six-principles.yaml', '          - { min: 3, score: 100 }\n', '          - { min: 3, score: 30 }\n']);
    expect(failed).toEqual([expect.stringMatching(/^full-cost-recovery-removed: /), expect.stringMatching(/^payment-slower: /)]);
  });

  it('fail when merging lots scores higher (1.0.0: a single small lot scored 100 on S4.3)', () => {
    const failed = sabotage(['lots-merged', 'lots-split'], ['five-steps.yaml', 'label: One lot for a contract below the threshold, score: 50', 'label: One lot for a contract below the threshold, score: 100']);
    expect(failed).toEqual([expect.stringMatching(/^lots-merged: \d lots → \d/), expect.stringMatching(/^lots-split: /)]);
  });

  it('fail when a maturity level lower on its scale scores higher', () => {
    const failed = sabotage(['answer-down', 'answer-up'], ['five-steps.yaml', 'maturity: [0, 25, 50, 75, 100]', 'maturity: [0, 25, 50, 100, 75]']);
    expect(failed).toHaveLength(2);
  });

  it('fail when a shorter tender window scores higher', () => {
    const failed = sabotage(['window-shortens', 'window-lengthens'], ['five-steps.yaml', '          - { min: 40, score: 100 }', '          - { min: 40, score: 60 }']);
    expect(failed).toHaveLength(2);
  });

  it('give a counterexample that kil assess reproduces', () => {
    const lib = editedLibrary(['six-principles.yaml', '          - { above: 10, score: 25,', '          - { above: 10, score: 100,']);
    const [result] = checkRubricProperties(lib, { runs: 300, seed: SEED, only: ['longer-beyond-peak'] });
    const c = result!.counterexample!;
    expect(assess(lib, c.before).overall.score).toBe(c.scoreBefore);
    expect(assess(lib, c.after).overall.score).toBe(c.scoreAfter);
    expect(c.scoreAfter).toBeGreaterThan(c.scoreBefore);
    expect(c.moved.map((m) => m.id)).toContain('P4.1');
  });

  it('list every property the checker runs', () => {
    expect(propertyList().map((p) => p.id)).toEqual(checkRubricProperties(library, { runs: 1, seed: 1 }).map((r) => r.id));
  });
});

describe('kil rubric check', () => {
  it('passes on the built-in rubrics and says how many cases ran', () => {
    const r = runCli(['rubric', 'check', '--runs', '20']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok {4}value-grows: a bigger contract never scores higher \(20 cases\)$/m);
    expect(r.stdout).toMatch(/All 21 properties hold \(420 cases, seed 20261122\)\./);
  });

  it('exits 1 on a council folder broken the 1.0.0 way, printing a contract that reproduces it', () => {
    const dir = tempDir();
    const rubrics = join(dir, 'rubrics');
    mkdirSync(rubrics);
    for (const s of editedSources([['six-principles.yaml', '          - { above: 10, score: 25,', '          - { above: 10, score: 100,']])) writeFileSync(join(rubrics, s.file.split('/').pop()!), s.text);
    const r = runCli(['rubric', 'check', '--rubrics', rubrics, '--runs', '300', '--only', 'longer-beyond-peak']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL {2}longer-beyond-peak: /m);
    expect(r.stdout).toMatch(/counterexample: length [\d.]+ → [\d.]+ years: overall [\d.]+ → [\d.]+/);
    expect(r.stdout).toMatch(/^ {8}P4\.1: /m);
    // The printed contract, saved and assessed with the same rubrics, gives the printed score.
    const block = r.stdout.split('the contract before the change (save it and run kil assess to see it):\n')[1]!.split('      and after:')[0]!;
    const yaml = block.split('\n').map((l) => l.slice(8)).join('\n');
    const file = join(dir, 'before.yaml');
    writeFileSync(file, yaml);
    const before = parse(readFileSync(file, 'utf8')) as Contract;
    expect(before.kil).toBe(1);
    const assessed = runCli(['assess', file, '--rubrics', rubrics, '--format', 'json', '-o', '-']);
    expect(assessed.code).toBe(0);
    const scoreBefore = Number(/overall ([\d.]+) →/.exec(r.stdout)![1]);
    expect((JSON.parse(assessed.stdout) as { overall: { score: number } }).overall.score).toBe(scoreBefore);
  });

  it('refuses an unknown property and a bad --runs, with exit 2', () => {
    const unknown = runCli(['rubric', 'check', '--only', 'value-grow']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no property "value-grow"; did you mean "value-grows"\?/);
    const runs = runCli(['rubric', 'check', '--runs', 'many']);
    expect(runs.code).toBe(2);
    expect(runs.stderr).toMatch(/--runs must be a whole number of at least 1, not "many"/);
  });
});
